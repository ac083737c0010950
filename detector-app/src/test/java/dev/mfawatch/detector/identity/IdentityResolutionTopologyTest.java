package dev.mfawatch.detector.identity;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static dev.mfawatch.detector.ingest.raw.RawRecords.bytes;
import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailConsoleLogin;
import static dev.mfawatch.detector.ingest.raw.RawRecords.cloudTrailDeactivateMfa;
import static dev.mfawatch.detector.ingest.raw.RawRecords.entraSignIn;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaMfaPush;
import static dev.mfawatch.detector.ingest.raw.RawRecords.oktaSessionStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.DetectionSettings;
import dev.mfawatch.detector.fixtures.Entries;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One person, several providers, through the whole detector topology: sign-ins and changes under
 * an inventory alias ({@code directory.aliases}) reach the detectors, the inventory join and the
 * register match as the inventory's principal id, whether they come from the raw topics or were
 * written to the canonical topics under the alias.
 */
class IdentityResolutionTopologyTest {

    private static final String PAULA = "paula@contoso.example";
    private static final String PAULA_OKTA_ID = "00u1abc";
    private static final String PAULA_IAM = "arn:aws:iam::444455556666:user/paula";

    @TempDir
    Path stateDir;

    private Pipeline pipeline;
    private TestInputTopic<String, byte[]> aliases;
    private TestOutputTopic<String, SignInEvent> signIns;
    private TestOutputTopic<String, DirectoryChange> changes;

    @BeforeEach
    void start() {
        // One alert per firing with per-event ids: routing is under test, not suppression.
        pipeline = new Pipeline(stateDir, Map.of(DetectionSettings.SUPPRESSION_WINDOW, "0s"));
        aliases = pipeline.driver.createInputTopic(Topics.ALIASES.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        signIns = pipeline.driver.createOutputTopic(Topics.SIGNIN_EVENTS.name(), Serdes.String().deserializer(),
                Topics.SIGNIN_SERDE.deserializer());
        changes = pipeline.driver.createOutputTopic(Topics.DIRECTORY_CHANGES.name(), Serdes.String().deserializer(),
                Topics.CHANGE_SERDE.deserializer());
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    private void alias(String alias, String principal) {
        aliases.pipeInput(alias, principal == null ? null : principal.getBytes(StandardCharsets.UTF_8), Pipeline.REGISTER_TIME);
    }

    private void raw(String source, String json, String time) {
        pipeline.driver.createInputTopic(Topics.raw(source), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(null, bytes(json), Instant.parse(time));
    }

    private static Principal paula(List<String> roles) {
        return new Principal(PAULA, List.of(PAULA_OKTA_ID, PAULA_IAM), "Paula", roles, false, List.of("push"),
                Instant.parse("2025-01-01T00:00:00Z"), true);
    }

    @Test
    void anOktaSignInUnderTheOktaIdAndAnEntraSignInMeetAsOnePrincipal_travelBetweenThemFires() {
        pipeline.publish(paula(List.of()));
        alias(PAULA_OKTA_ID, PAULA);
        // Okta login "paula" (not an e-mail) with Okta user id 00u1abc, from Amsterdam, MFA by push.
        raw("okta", oktaMfaPush("o-paula-mfa", "2026-11-23T09:00:05Z", "paula", PAULA_OKTA_ID, "102paula"),
                "2026-11-23T09:00:05Z");
        raw("okta", oktaSessionStart("o-paula-start", "2026-11-23T09:00:06Z", "paula", PAULA_OKTA_ID, "102paula"),
                "2026-11-23T09:00:06Z");
        // Ten minutes later in Berlin through Entra, as paula@contoso.example, MFA done:
        // Amsterdam-Berlin is about 577 km, in under 10 minutes about 3,500 km/h, far over 1,000 km/h.
        raw("entra-signin", entraSignIn("e-paula", "2026-11-23T09:10:00Z", "Paula@contoso.example",
                "aaaa1111-0000-4000-8000-000000000001", true), "2026-11-23T09:10:00Z");
        // The same two trips by pete, whom the inventory does not link: two principals, no travel.
        raw("okta", oktaMfaPush("o-pete-mfa", "2026-11-23T09:00:05Z", "pete", "00u1pete", "102pete"), "2026-11-23T09:00:05Z");
        raw("okta", oktaSessionStart("o-pete-start", "2026-11-23T09:00:06Z", "pete", "00u1pete", "102pete"),
                "2026-11-23T09:00:06Z");
        raw("entra-signin", entraSignIn("e-pete", "2026-11-23T09:10:00Z", "pete@contoso.example",
                "aaaa2222-0000-4000-8000-000000000002", true), "2026-11-23T09:10:00Z");

        assertThat(signIns.readRecordsToList()).extracting(TestRecord::key, r -> r.value().eventId(),
                        r -> r.value().principal().names())
                .containsExactly(
                        tuple(PAULA, "o-paula-start", List.of(PAULA, "paula", PAULA_OKTA_ID)),
                        tuple(PAULA, "e-paula", List.of(PAULA, "aaaa1111-0000-4000-8000-000000000001")),
                        tuple("pete", "o-pete-start", List.of("pete", "00u1pete")),
                        tuple("pete@contoso.example", "e-pete", List.of("pete@contoso.example",
                                "aaaa2222-0000-4000-8000-000000000002")));
        assertThat(pipeline.alerts.readRecordsToList()).extracting(TestRecord::key, r -> r.value().rule(),
                        r -> r.value().principal(), r -> r.value().severity())
                .containsExactly(tuple(PAULA, "IMPOSSIBLE_TRAVEL", PAULA, Severity.MEDIUM));
        assertThat(pipeline.alerts.isEmpty()).isTrue();
    }

    @Test
    void aRegisterEntryNamingTheInventoryIdCoversTheIamUserAlias_untilTheAliasIsWithdrawn() {
        pipeline.publish(paula(List.of()));
        pipeline.publish(Entries.entry("EXC-1").principals(PAULA).build());
        alias(PAULA_IAM, PAULA);
        raw("cloudtrail", cloudTrailConsoleLogin("ct-1", "2026-11-23T09:00:00Z", "paula", "No"), "2026-11-23T09:00:00Z");
        assertThat(signIns.readRecordsToList()).extracting(TestRecord::key, r -> r.value().principal().id())
                .containsExactly(tuple(PAULA, PAULA));
        assertThat(pipeline.alerts.isEmpty()).isTrue();
        assertThat(pipeline.count("mfawatch.exception.usage", "category", "LEGACY_PROTOCOL")).isEqualTo(1.0);

        // The inventory drops the IAM user: register-sync tombstones the alias.
        alias(PAULA_IAM, null);
        raw("cloudtrail", cloudTrailConsoleLogin("ct-2", "2026-11-23T10:00:00Z", "paula", "No"), "2026-11-23T10:00:00Z");

        assertThat(signIns.readRecordsToList()).extracting(TestRecord::key, r -> r.value().principal().id())
                .containsExactly(tuple(PAULA_IAM, PAULA_IAM));
        assertThat(pipeline.alerts.readRecordsToList()).extracting(r -> r.value().rule(), r -> r.value().principal())
                .containsExactly(tuple("MFA_NOT_SATISFIED", PAULA_IAM));
        assertThat(pipeline.alerts.isEmpty()).isTrue();
    }

    @Test
    void aCanonicalSignInWrittenUnderAnAliasIsReKeyedToItsPrincipal_andJoinsItsInventoryFacts() {
        pipeline.publish(paula(List.of("Global Administrator")));
        alias(PAULA_IAM, PAULA);
        // Another producer writes straight to signin.events, keyed by the alias it knows.
        pipeline.pipe(signIn("direct-1").source("cloudtrail").principal(PAULA_IAM).at("2026-11-23T09:00:00Z").build());

        // Privileged from the inventory (only the principal id's partition knows): CRITICAL.
        assertThat(pipeline.alerts.readRecordsToList()).extracting(TestRecord::key, r -> r.value().rule(),
                        r -> r.value().principal(), r -> r.value().severity())
                .containsExactly(tuple(PAULA, "MFA_NOT_SATISFIED", PAULA, Severity.CRITICAL));
        assertThat(pipeline.alerts.isEmpty()).isTrue();
    }

    @Test
    void changesTargetingAnAliasReachTheirPrincipal_andAnEntryNamingTheAliasStillApproves() {
        pipeline.publish(paula(List.of()));
        pipeline.publish(new Principal("quinn@contoso.example", List.of("00u1qqq"), "Quinn", List.of(), false, List.of(),
                null, true));
        alias(PAULA_OKTA_ID, PAULA);
        alias("00u1qqq", "quinn@contoso.example");
        alias(PAULA_IAM, PAULA);
        // The helpdesk's approval for paula names her Okta id.
        pipeline.publish(Entries.entry("EXC-2").principals(PAULA_OKTA_ID).approvers("dave@example.com").build());
        Actor admin = new Actor("okta.admin@contoso.example", "USER");
        for (String target : List.of(PAULA_OKTA_ID, "00u1qqq")) {
            pipeline.pipe(new DirectoryChange("chg-" + target, "okta", Instant.parse("2026-11-23T09:00:00Z"), admin,
                    ChangeOperation.FACTOR_REMOVED, List.of(target), null, null, Map.of(), null));
        }

        // Both ticketless removals are FACTOR_SWAP of the inventory's principals; only quinn's is unapproved.
        assertThat(pipeline.alerts.readRecordsToList()).extracting(TestRecord::key, r -> r.value().rule(),
                        r -> r.value().principal())
                .containsExactlyInAnyOrder(
                        tuple(PAULA, "FACTOR_SWAP", PAULA),
                        tuple("quinn@contoso.example", "FACTOR_SWAP", "quinn@contoso.example"),
                        tuple("quinn@contoso.example", "UNAPPROVED_EXCLUSION_CHANGE", "quinn@contoso.example"));
        assertThat(pipeline.alerts.isEmpty()).isTrue();

        // From the raw path: CloudTrail names the IAM user; directory.changes gets paula, keyed by her.
        raw("cloudtrail", cloudTrailDeactivateMfa("ct-9", "2026-11-23T09:30:00Z", "admin", "paula"), "2026-11-23T09:30:00Z");
        List<TestRecord<String, DirectoryChange>> out = changes.readRecordsToList();
        assertThat(out).extracting(TestRecord::key, r -> r.value().targets(),
                        r -> r.value().details().get(AliasResolver.RESOLVED_FROM))
                .containsExactly(tuple(PAULA, List.of(PAULA), PAULA_IAM));
    }
}
