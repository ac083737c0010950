package dev.mfawatch.detector.alerting;

import dev.mfawatch.detector.rules.DetectorMetadata;
import dev.mfawatch.detector.rules.Finding;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Geo;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.SignInEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds the {@link Alert} for a finding; rule-agnostic: who/what/when/where/how come from the event. */
public final class AlertFactory {

    private AlertFactory() {
    }

    /**
     * Name-based (type 3) UUID of {@code rule|principal|eventId}: the same event always yields the
     * same id, so a replay or a restart after a crash never creates a second alert downstream.
     */
    public static String alertId(String rule, String principal, String eventId) {
        return UUID.nameUUIDFromBytes((rule + "|" + principal + "|" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The alert for a finding on a directory change: who changed what for {@code principal}; no network facts. */
    public static Alert create(DetectorMetadata rule, Finding finding, String principal, DirectoryChange c, Instant detectedAt) {
        ExceptionEntry ex = finding.exception();
        return new Alert(
                alertId(rule.id(), principal, c.eventId()),
                rule.id(),
                finding.severity(),
                detectedAt,
                c.time(),
                principal,
                ex == null ? null : ex.id(),
                ex == null || ex.category() == null ? null : ex.category().name(),
                finding.summary(),
                c.source(),
                null,
                null,
                null,
                null,
                // The finding's factor when it names one, else the factor the change itself names.
                finding.details().getOrDefault("factor", c.details().get("factor")),
                List.of(c.eventId()),
                1,
                c.time(),
                c.time(),
                rule.attack(),
                rule.response(),
                finding.details());
    }

    /** The alert for a follow-up that fell due at {@code at} with no event behind it (e.g. a rotation overdue). */
    public static Alert createFollowUp(DetectorMetadata rule, Finding finding, String principal, Instant at) {
        ExceptionEntry ex = finding.exception();
        return new Alert(alertId(rule.id(), principal, "due-" + at), rule.id(), finding.severity(), at, at, principal,
                ex == null ? null : ex.id(), ex == null || ex.category() == null ? null : ex.category().name(),
                finding.summary(), "mfa-watch", null, null, null, null, null, List.of(), 1, at, at, rule.attack(),
                rule.response(), finding.details());
    }

    /** @param detectedAt the record's timestamp in the stream, not the wall clock, so replays are identical */
    public static Alert create(DetectorMetadata rule, Finding finding, SignInEvent e, Instant detectedAt) {
        ExceptionEntry ex = finding.exception();
        NetworkInfo n = e.network();
        Geo geo = n.country() == null && n.city() == null && !n.hasCoordinates() ? null
                : new Geo(n.country(), n.city(), n.lat(), n.lon());
        String app = e.app().name() != null ? e.app().name() : e.app().id();
        String factor = e.mfa().method() != null ? e.mfa().method() : e.mfa().methodClass().name();
        return new Alert(
                alertId(rule.id(), e.principal().id(), e.eventId()),
                rule.id(),
                finding.severity(),
                detectedAt,
                e.time(),
                e.principal().id(),
                ex == null ? null : ex.id(),
                ex == null || ex.category() == null ? null : ex.category().name(),
                finding.summary(),
                e.source(),
                n.ip(),
                geo,
                app,
                e.client().protocol() == null ? null : e.client().protocol().name(),
                factor,
                List.of(e.eventId()),
                1,
                e.time(),
                e.time(),
                rule.attack(),
                rule.response(),
                finding.details());
    }
}
