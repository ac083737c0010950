package dev.mfawatch.detector.oath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Severity;
import dev.mfawatch.model.signin.MfaResult;
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
 * Wrong OATH codes as Entra really logs them, piped raw on {@code idp.raw.entra-signin} through the
 * whole detector topology: three in 15 minutes reach {@code OATH_DESYNC} (default threshold 3 in an
 * hour), whatever {@code authenticationStepRequirement} says and wherever the result text sits;
 * push denials and "MFA required" interrupts on the same OATH method do not.
 */
class EntraOathTopologyTest {

    private static final String OLGA = "olga.oath@contoso.example";

    @TempDir
    Path stateDir;

    private Pipeline pipeline;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<String, SignInEvent> signIns;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void start() {
        pipeline = new Pipeline(stateDir, Map.of());
        raw = pipeline.driver.createInputTopic(Topics.raw("entra-signin"), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        signIns = pipeline.driver.createOutputTopic(Topics.SIGNIN_EVENTS.name(), Serdes.String().deserializer(),
                Topics.SIGNIN_SERDE.deserializer());
        alerts = pipeline.alerts;
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    private void pipe(String json, String time) {
        raw.pipeInput(null, json.getBytes(StandardCharsets.UTF_8), Instant.parse(time));
    }

    /** A Graph sign-in that failed at its OATH step (error 500121 unless said otherwise). */
    private static String graphOath(String id, String time, String upn, String code, String stepLabel, String stepDetail,
                                    String additionalDetails) {
        return """
                {"id":"%s","createdDateTime":"%s","userPrincipalName":"%s","userId":"0b1ec700-0000-4000-8000-00000000001a",
                 "appId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c","appDisplayName":"Azure Portal","ipAddress":"203.0.113.60",
                 "clientAppUsed":"Browser","isInteractive":true,"authenticationRequirement":"multiFactorAuthentication",
                 "correlationId":"c-%s","status":{"errorCode":%s,"failureReason":"Authentication failed during strong authentication request.","additionalDetails":%s},
                 "location":{"city":"Porto","countryOrRegion":"PT","geoCoordinates":{"latitude":41.1579,"longitude":-8.6291}},
                 "authenticationDetails":[
                  {"authenticationMethod":"Password","succeeded":true,"authenticationStepRequirement":"Primary authentication","authenticationStepResultDetail":"Correct password"},
                  {"authenticationMethod":"OATH verification code","authenticationMethodDetail":"Hardware OATH token","succeeded":false,
                   "authenticationStepRequirement":"%s","authenticationStepResultDetail":%s}]}"""
                .formatted(id, time, upn, id, code, quoted(additionalDetails), stepLabel, quoted(stepDetail));
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** The same failure as a Log Analytics SigninLogs row exported to CSV: every value a string, no result text at all. */
    private static String logAnalyticsOath(String id, String portalTime, String upn) {
        return """
                {"TimeGenerated":"%s","CreatedDateTime":"%s","Id":"%s","UserPrincipalName":"%s",
                 "UserId":"0b1ec700-0000-4000-8000-00000000001a","AppDisplayName":"Azure Portal","IPAddress":"203.0.113.60",
                 "ClientAppUsed":"Browser","IsInteractive":"true","AuthenticationRequirement":"multiFactorAuthentication",
                 "ResultType":"500121","ResultDescription":"Authentication failed during strong authentication request.",
                 "Status":"{\\"errorCode\\":500121,\\"failureReason\\":\\"Authentication failed during strong authentication request.\\"}",
                 "AuthenticationDetails":"[{\\"authenticationMethod\\":\\"Password\\",\\"succeeded\\":true},{\\"authenticationMethod\\":\\"OATH verification code\\",\\"authenticationMethodDetail\\":\\"Hardware OATH token\\",\\"succeeded\\":false,\\"authenticationStepRequirement\\":\\"Multifactor authentication\\"}]",
                 "MfaDetail":"{}","Location":"PT","Category":"SignInLogs","Type":"SigninLogs","AlternateSignInName":""}"""
                .formatted(portalTime, portalTime, id, upn);
    }

    @Test
    void threeWrongCodesInFifteenMinutesInRealSpellingsRaiseOathDesync() {
        // The case that was missed: the failed step is labelled "Multi-factor authentication".
        pipe(graphOath("oath-1", "2026-11-23T09:00:00Z", OLGA, "500121", "Multi-factor authentication",
                "Invalid verification code", null), "2026-11-23T09:00:00Z");
        // The reason only in status.additionalDetails, with the "MFA denied; " prefix.
        pipe(graphOath("oath-2", "2026-11-23T09:07:00Z", OLGA, "500121", "MFA", null,
                "MFA denied; user entered incorrect code"), "2026-11-23T09:07:00Z");
        // A Log Analytics row with a US-locale time and no reason at all: OATH + 500121 is a wrong code.
        pipe(logAnalyticsOath("oath-3", "11/23/2026, 9:14:00.000 AM", OLGA), "2026-11-23T09:14:00Z");

        assertThat(signIns.readRecordsToList()).extracting(TestRecord::key, r -> r.value().eventId(),
                        r -> r.value().mfa().result(), r -> r.value().mfa().tokenType())
                .containsExactly(tuple(OLGA, "oath-1", MfaResult.CODE_INCORRECT, "HARDWARE_OATH"),
                        tuple(OLGA, "oath-2", MfaResult.CODE_INCORRECT, "HARDWARE_OATH"),
                        tuple(OLGA, "oath-3", MfaResult.CODE_INCORRECT, "HARDWARE_OATH"));
        List<Alert> out = alerts.readValuesToList();
        assertThat(out).extracting(Alert::rule, Alert::principal, Alert::severity, Alert::eventTime)
                .containsExactly(tuple(OathDesyncDetector.ID, OLGA, Severity.MEDIUM, Instant.parse("2026-11-23T09:14:00Z")));
        assertThat(out.get(0).details()).containsEntry("pattern", "DESYNC").containsEntry("codeIncorrect", "3")
                .containsEntry("firstSignal", "2026-11-23T09:00:00Z").containsEntry("tokenType", "HARDWARE_OATH");
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void pushDenialsAndMfaRequiredInterruptsAreNotOathSignals() {
        String pia = "pia.push@contoso.example";
        pipe(graphOath("int-1", "2026-11-23T10:00:00Z", pia, "50074", "Multi-factor authentication",
                "MFA required in Azure AD", "MFA required in Azure AD"), "2026-11-23T10:00:00Z");
        pipe(graphOath("int-2", "2026-11-23T10:05:00Z", pia, "50076", "MFA", null, "MFA required in Azure AD"),
                "2026-11-23T10:05:00Z");
        pipe(graphOath("den-3", "2026-11-23T10:10:00Z", pia, "500121", "MFA",
                "MFA denied; user declined the authentication", null), "2026-11-23T10:10:00Z");

        assertThat(signIns.readRecordsToList()).extracting(r -> r.value().mfa().result())
                .containsExactly(MfaResult.NOT_ATTEMPTED, MfaResult.NOT_ATTEMPTED, MfaResult.DENIED);
        // Interrupts are the prompt itself and one denial is below every push rule's threshold: no alert at all.
        assertThat(alerts.isEmpty()).isTrue();
    }
}
