package dev.mfawatch.cli.demo;

import dev.mfawatch.model.alert.Alert;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One readable line per alert for a terminal: when, how bad, which rule, who, from where, and why. */
public final class AlertLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private AlertLine() {
    }

    public static String format(Alert a) {
        StringBuilder sb = new StringBuilder()
                .append(TIME.format(a.eventTime())).append("Z  ")
                .append(String.format("%-8s %-26s %s", a.severity(), a.rule(), a.principal()));
        if (a.clientProtocol() != null || a.ip() != null) {
            sb.append("  via ").append(a.clientProtocol() == null ? "?" : a.clientProtocol());
            if (a.ip() != null) {
                sb.append(" from ").append(a.ip());
            }
            if (a.geo() != null && (a.geo().city() != null || a.geo().country() != null)) {
                sb.append(" (").append(a.geo().city() == null ? "" : a.geo().city() + ", ")
                        .append(a.geo().country() == null ? "?" : a.geo().country()).append(')');
            }
        }
        if (a.exceptionId() != null) {
            sb.append("  [").append(a.exceptionId()).append(']');
        }
        return sb.append("  ").append(a.summary()).toString();
    }
}
