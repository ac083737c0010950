package dev.mfawatch.cli.demo;

import dev.mfawatch.detector.rules.Phrases;
import dev.mfawatch.model.alert.Alert;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One readable line per alert for a terminal: when, how bad, which rule, who, from where, and why.
 * A fact the alert lacks is left out or named as unknown ({@link Phrases#orUnknown}), never "null".
 */
public final class AlertLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private AlertLine() {
    }

    public static String format(Alert a) {
        StringBuilder sb = new StringBuilder()
                .append(TIME.format(a.eventTime())).append("Z  ")
                .append(String.format("%-8s %-26s %s", a.severity(), a.rule(), a.principal()));
        if (present(a.clientProtocol()) || present(a.ip())) {
            sb.append("  via ").append(Phrases.orUnknown(a.clientProtocol(), "client"));
            if (present(a.ip())) {
                sb.append(" from ").append(a.ip());
            }
            String place = a.geo() == null ? "" : Stream.of(a.geo().city(), a.geo().country())
                    .filter(AlertLine::present).collect(Collectors.joining(", "));
            if (!place.isEmpty()) {
                sb.append(" (").append(place).append(')');
            }
        }
        if (present(a.exceptionId())) {
            sb.append("  [").append(a.exceptionId()).append(']');
        }
        return sb.append("  ").append(a.summary()).toString();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
