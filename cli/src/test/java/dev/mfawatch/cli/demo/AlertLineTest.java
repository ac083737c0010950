package dev.mfawatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Geo;
import dev.mfawatch.model.alert.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertLineTest {

    @Test
    void oneLineWithWhoWhereAndWhy() {
        Alert a = new Alert("id-1", "EXPIRED_EXCEPTION_USED", Severity.HIGH, Instant.parse("2026-11-23T10:00:05Z"),
                Instant.parse("2026-11-23T10:00:04Z"), "ops.admin@northwind.example", "EXC-2026-0090",
                "ADMIN_EXCLUSION", "Sign-in without MFA relied on an exception that expired 4 days earlier.",
                "entra-signin", "192.0.2.44", new Geo("GB", "London", 51.5, -0.12), "Azure Portal", "BROWSER", null,
                null, 1, null, null, null, null, null);
        assertThat(AlertLine.format(a)).isEqualTo("10:00:04Z  HIGH     EXPIRED_EXCEPTION_USED     "
                + "ops.admin@northwind.example  via BROWSER from 192.0.2.44 (London, GB)  [EXC-2026-0090]  "
                + "Sign-in without MFA relied on an exception that expired 4 days earlier.");
    }

    @Test
    void anAlertWithNothingOptionalPrintsNoNull() {
        Alert bare = new Alert("id-2", "MFA_NOT_SATISFIED", Severity.MEDIUM, Instant.parse("2026-11-23T10:00:05Z"),
                Instant.parse("2026-11-23T10:00:04Z"), "svc-scanner@northwind.example", null, null,
                "svc-scanner@northwind.example signed in without MFA.", "okta", null, null, null, null, null,
                null, 1, null, null, null, null, null);
        assertThat(AlertLine.format(bare)).isEqualTo("10:00:04Z  MEDIUM   MFA_NOT_SATISFIED          "
                + "svc-scanner@northwind.example  svc-scanner@northwind.example signed in without MFA.");
    }

    @Test
    void aMissingProtocolOrPlacePartIsNamedOrLeftOut() {
        Alert noProtocol = new Alert("id-3", "IMPOSSIBLE_TRAVEL", Severity.HIGH, Instant.parse("2026-11-23T10:00:05Z"),
                Instant.parse("2026-11-23T10:00:04Z"), "paula@contoso.example", null, null, "Two places at once.",
                "cloudtrail", "198.51.100.7", new Geo("JP", null, 35.7, 139.7), null, null, null,
                null, 1, null, null, null, null, null);
        assertThat(AlertLine.format(noProtocol)).doesNotContainPattern("(?i)\\bnull\\b")
                .contains("via an unknown client from 198.51.100.7 (JP)");
        Alert cityOnly = new Alert("id-4", "IMPOSSIBLE_TRAVEL", Severity.HIGH, Instant.parse("2026-11-23T10:00:05Z"),
                Instant.parse("2026-11-23T10:00:04Z"), "paula@contoso.example", " ", null, "Two places at once.",
                "okta", null, new Geo(null, "Osaka", 34.7, 135.5), null, "BROWSER", null,
                null, 1, null, null, null, null, null);
        assertThat(AlertLine.format(cityOnly)).contains("  via BROWSER (Osaka)  Two places at once.")
                .doesNotContain("[");
    }
}
