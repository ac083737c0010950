package dev.mfawatch.detector.backtest;

import static dev.mfawatch.detector.backtest.RawShapes.BERLIN;
import static dev.mfawatch.detector.backtest.RawShapes.PASSWORD_STEP;
import static dev.mfawatch.detector.backtest.RawShapes.SAO_PAULO;
import static dev.mfawatch.detector.backtest.RawShapes.STRONG_AUTH_FAILED;
import static dev.mfawatch.detector.backtest.RawShapes.TAP_REASON;
import static dev.mfawatch.detector.backtest.RawShapes.array;
import static dev.mfawatch.detector.backtest.RawShapes.bool;
import static dev.mfawatch.detector.backtest.RawShapes.cloudTrailDeactivateMfa;
import static dev.mfawatch.detector.backtest.RawShapes.cloudTrailDeleteVirtualMfa;
import static dev.mfawatch.detector.backtest.RawShapes.cloudTrailFile;
import static dev.mfawatch.detector.backtest.RawShapes.cloudTrailRootRecovery;
import static dev.mfawatch.detector.backtest.RawShapes.entraAudit;
import static dev.mfawatch.detector.backtest.RawShapes.entraAuditMonitor;
import static dev.mfawatch.detector.backtest.RawShapes.entraAuditRow;
import static dev.mfawatch.detector.backtest.RawShapes.entraMonitorBatch;
import static dev.mfawatch.detector.backtest.RawShapes.entraPushFailed;
import static dev.mfawatch.detector.backtest.RawShapes.entraPushSuccess;
import static dev.mfawatch.detector.backtest.RawShapes.entraSignIn;
import static dev.mfawatch.detector.backtest.RawShapes.entraTapIssued;
import static dev.mfawatch.detector.backtest.RawShapes.google;
import static dev.mfawatch.detector.backtest.RawShapes.googlePage;
import static dev.mfawatch.detector.backtest.RawShapes.multi;
import static dev.mfawatch.detector.backtest.RawShapes.okta;
import static dev.mfawatch.detector.backtest.RawShapes.oktaAdminOn;
import static dev.mfawatch.detector.backtest.RawShapes.oktaDenyPush;
import static dev.mfawatch.detector.backtest.RawShapes.oktaPushFailure;
import static dev.mfawatch.detector.backtest.RawShapes.oktaPushSent;
import static dev.mfawatch.detector.backtest.RawShapes.oktaSignIn;
import static dev.mfawatch.detector.backtest.RawShapes.oktaUserTarget;
import static dev.mfawatch.detector.backtest.RawShapes.param;
import static dev.mfawatch.detector.backtest.RawShapes.pushStep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.fixtures.Entries;
import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths around MFA (push bombing, recovery codes and passes, resets by someone else) from raw provider
 * exports to alerts, through {@link Backtest} as {@code mfa-watch backtest} runs it: each provider's records in
 * their export shapes and variants ({@link RawShapes}), normalized, resolved and judged by the live topology.
 * Each case has its own principal, so one run holds many cases and an alert can only come from its case.
 * Suppression is off unless a test says otherwise, so every firing is seen.
 */
class PathsAroundMfaBacktestTest {

    private static final String D = "@northwind.example";
    private static final Map<String, String> EVERY_FIRING = Map.of("MFAWATCH_SUPPRESSION_WINDOW", "0s");

    @TempDir
    Path dir;

    // ---- MFA_FATIGUE ------------------------------------------------------------------------

    private static final String DECLINED = "MFA denied; user declined the authentication";
    private static final String NO_RESPONSE = "MFA denied; user did not respond to mobile app notification";

    /** {@code count} records for {@code user}, {@code minutesApart} from 09:00, built by {@code record} from (id, time). */
    private static List<String> entraBurst(String user, int count, int minutesApart, BiFunction<String, String, String> record) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(record.apply(user.substring(0, 3) + "-" + i, at(9, i * minutesApart)));
        }
        return out;
    }

    private static String at(int hour, int minute) {
        return Instant.parse("2026-11-23T00:00:00Z").plusSeconds(hour * 3600L + minute * 60L).toString();
    }

    private Map<String, List<Path>> fatigueExports() throws IOException {
        List<String> graph = new ArrayList<>();
        // The failed step says why (and the status repeats it): five in five minutes.
        graph.addAll(entraBurst("amy" + D, 5, 1, (id, t) -> entraPushFailed(id, t, "amy" + D,
                id.endsWith("1") || id.endsWith("3") ? NO_RESPONSE : DECLINED)));
        // A burst, then the user accepts a push three minutes later: gave in.
        graph.addAll(entraBurst("erin" + D, 5, 1, (id, t) -> entraPushFailed(id, t, "erin" + D, DECLINED)));
        graph.add(entraPushSuccess("eri-ok", at(9, 7), "erin" + D, BERLIN));
        // A privileged account (inventory).
        graph.addAll(entraBurst("gus" + D, 5, 1, (id, t) -> entraPushFailed(id, t, "gus" + D, DECLINED)));
        // 50074 / 50076: the prompt itself, never an answer, whatever the step or the status says.
        for (int i = 0; i < 6; i++) {
            int code = i % 2 == 0 ? 50074 : 50076;
            graph.add(entraSignIn("dav-" + i, at(9, i), "dave" + D, code, code == 50074 ? "Strong Authentication is required."
                            : "User did not pass the MFA requirement.", i < 2 ? "MFA required in Azure AD" : DECLINED, null, BERLIN,
                    PASSWORD_STEP, pushStep(i < 2 ? "MFA required in Azure AD" : DECLINED)));
        }
        // Four refusals: below the threshold. Five spread over 16 minutes: never five inside ten.
        graph.addAll(entraBurst("hank" + D, 4, 1, (id, t) -> entraPushFailed(id, t, "hank" + D, DECLINED)));
        graph.addAll(entraBurst("ivy" + D, 5, 4, (id, t) -> entraPushFailed(id, t, "ivy" + D, DECLINED)));
        Path entra = write("entra/signins.json", "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\","
                + "\"value\":[" + String.join(",\n", graph) + "]}");

        List<String> hub = new ArrayList<>();
        // Azure Monitor envelope, the reason only in status.additionalDetails and no MFA step in authenticationDetails.
        hub.add(entraMonitorBatch(entraBurst("ben" + D, 5, 1, (id, t) -> entraSignIn(id, t, "ben" + D, 500121, STRONG_AUTH_FAILED,
                NO_RESPONSE, null, BERLIN, PASSWORD_STEP)).toArray(String[]::new)));
        // The push step without a detail, the reason in the status; the last one reported as fraud.
        hub.add(entraMonitorBatch(entraBurst("cara" + D, 5, 1, (id, t) -> entraSignIn(id, t, "cara" + D, 500121,
                STRONG_AUTH_FAILED, id.endsWith("4") ? "MFA denied; user reported fraud" : DECLINED, null, BERLIN, PASSWORD_STEP,
                pushStep(null))).toArray(String[]::new)));
        // The reason only in the failed step; no additionalDetails.
        hub.add(entraMonitorBatch(entraBurst("fay" + D, 5, 1, (id, t) -> entraSignIn(id, t, "fay" + D, 500121, STRONG_AUTH_FAILED,
                null, null, BERLIN, PASSWORD_STEP, pushStep(id.endsWith("0") ? NO_RESPONSE : DECLINED))).toArray(String[]::new)));
        // The reason in failureReason, no additionalDetails, a push step without a detail.
        hub.add(entraMonitorBatch(entraBurst("bo" + D, 5, 1, (id, t) -> entraSignIn(id, t, "bo" + D, 500121, DECLINED, null, null,
                BERLIN, PASSWORD_STEP, pushStep(null))).toArray(String[]::new)));
        // The method only in mfaDetail.
        hub.add(entraMonitorBatch(entraBurst("gil" + D, 5, 1, (id, t) -> entraSignIn(id, t, "gil" + D, 500121, STRONG_AUTH_FAILED,
                DECLINED, "Mobile app notification", BERLIN, PASSWORD_STEP)).toArray(String[]::new)));
        Path monitor = write("entra-hub/batches.jsonl", String.join("\n", hub.stream().map(s -> s.replace("\n", " ")).toList()) + "\n");

        // Sentinel / Log Analytics rows (KQL export): the failed push step inside the AuthenticationDetails string.
        Path rows = write("sentinel/signins.json", "[" + String.join(",\n", entraBurst("lia" + D, 5, 1, (id, t) ->
                RawShapes.entraSignInRow(id, t, "lia" + D, 500121, DECLINED, PASSWORD_STEP, pushStep(DECLINED)))) + "]");

        List<String> okta = new ArrayList<>();
        // Five pushes sent, four answered no (Classic deny_push, Identity Engine auth_via_mfa FAILURE, a failed number
        // challenge), one unanswered: five prompts, each counted once.
        String olga = "olga" + D;
        for (int i = 0; i < 5; i++) {
            okta.add(oktaPushSent("olg-s" + i, at(9, i), olga));
        }
        okta.add(oktaDenyPush("olg-a0", at(9, 0).replace(":00Z", ":20Z"), olga));
        okta.add(oktaPushFailure("olg-a1", at(9, 1).replace(":00Z", ":20Z"), olga, null));
        okta.add(oktaPushFailure("olg-a2", at(9, 2).replace(":00Z", ":20Z"), olga,
                "\"pushOnlyResponseType\":\"OV_RESPONSE_APPROVE\","
                        + "\"pushWithNumberChallengeResponseType\":\"OV_WITH_CHALLENGE_RESPONSE_ERROR\""));
        okta.add(oktaDenyPush("olg-a3", at(9, 3).replace(":00Z", ":20Z"), olga));
        // Four pushes, each denied: four prompts, not eight.
        String pete = "pete" + D;
        for (int i = 0; i < 4; i++) {
            okta.add(oktaPushSent("pet-s" + i, at(9, i), pete));
            okta.add(oktaDenyPush("pet-a" + i, at(9, i).replace(":00Z", ":30Z"), pete));
        }
        // Identity Engine without debugData.factor: the push is named by the authenticator's methodTypeUsed.
        String quin = "quin" + D;
        for (int i = 0; i < 5; i++) {
            okta.add(okta("qui-" + i, at(9, i), "user.authentication.auth_via_mfa", quin, "102quin", "FAILURE",
                    "INVALID_CREDENTIALS", "{\"requestId\":\"rq" + i + "\",\"pushOnlyResponseType\":\"OV_RESPONSE_DENY\"}",
                    RawShapes.OKTA_VERIFY_TARGET, "Netherlands", "198.51.100.7"));
        }
        // Classic auth_via_mfa FAILURE naming only the factor: no reason, no response type.
        String vera = "vera" + D;
        for (int i = 0; i < 5; i++) {
            okta.add(okta("ver-" + i, at(9, i), "user.authentication.auth_via_mfa", vera, "102vera", "FAILURE", null,
                    "{\"requestId\":\"rv" + i + "\",\"factor\":\"OKTA_VERIFY_PUSH\"}", oktaUserTarget(vera), "Netherlands",
                    "198.51.100.7"));
        }
        // Four refusals, then the user reports the attempt from Okta Verify: fraud.
        String rae = "rae" + D;
        for (int i = 0; i < 4; i++) {
            okta.add(oktaDenyPush("rae-" + i, at(9, i), rae));
        }
        okta.add(okta("rae-4", at(9, 4), "user.account.report_suspicious_activity_by_enduser", rae, "102rae", "SUCCESS", null,
                "{\"requestId\":\"rr4\",\"suspiciousActivityEventType\":\"system.push.send_factor_verify_push\"}",
                oktaUserTarget(rae), "Netherlands", "198.51.100.7"));
        // Pushes left unanswered (outcome UNANSWERED) on a break-glass account (inventory).
        String bg = "breakglass01" + D;
        for (int i = 0; i < 5; i++) {
            okta.add(okta("bgl-" + i, at(9, i), "user.authentication.auth_via_mfa", bg, "102bg", "UNANSWERED", null,
                    "{\"requestId\":\"rb" + i + "\",\"factor\":\"OKTA_VERIFY_PUSH\"}", RawShapes.OKTA_VERIFY_TARGET,
                    "Netherlands", "198.51.100.7"));
        }
        // Five refusals, then the user approves a push and the session starts: gave in.
        String wes = "wes" + D;
        for (int i = 0; i < 5; i++) {
            okta.add(oktaDenyPush("wes-" + i, at(9, i), wes));
        }
        okta.addAll(oktaSignIn("wes-ok", at(9, 8), wes, "Netherlands", "198.51.100.7"));
        // Five wrong TOTP codes: not push prompts.
        String sol = "sol" + D;
        for (int i = 0; i < 5; i++) {
            okta.add(okta("sol-" + i, at(9, i), "user.authentication.auth_via_mfa", sol, "102sol", "FAILURE",
                    "INVALID_CREDENTIALS", "{\"requestId\":\"rs" + i + "\",\"factor\":\"OKTA_SOFT_TOKEN\"}",
                    "[{\"id\":\"pfd1tot\",\"type\":\"AuthenticatorEnrollment\",\"alternateId\":\"unknown\",\"displayName\":\"Okta Verify\","
                            + "\"detailEntry\":{\"methodTypeUsed\":\"Enter a code\"}}]", "Netherlands", "198.51.100.7"));
        }
        Path oktaFile = write("okta/systemlog.json", array(okta));
        Map<String, List<Path>> in = new LinkedHashMap<>();
        in.put("entra-signin", List.of(entra, monitor, rows));
        in.put("okta", List.of(oktaFile));
        return in;
    }

    private static final List<Principal> FATIGUE_INVENTORY = List.of(new Principal("gus" + D, List.of(), "Gus",
            List.of("Global Administrator"), false, List.of("push"), Instant.parse("2025-01-01T00:00:00Z"), true),
            new Principal("breakglass01" + D, List.of(), "Break glass 01", List.of(), true, List.of("fido2"),
                    Instant.parse("2025-01-01T00:00:00Z"), true));

    @Test
    void mfaFatigue_firesOnRefusedAndUnansweredPushesInEveryShape_andNotOnPromptsOrOtherFactors() throws IOException {
        Map<String, List<Path>> in = fatigueExports();
        List<Alert> alerts = run(EVERY_FIRING, List.of(), FATIGUE_INVENTORY, in);

        assertThat(firings(alerts, "MFA_FATIGUE")).containsExactlyInAnyOrder(
                "amy" + D + " MEDIUM BURST",
                "erin" + D + " MEDIUM BURST",
                "erin" + D + " HIGH GAVE_IN",
                "gus" + D + " CRITICAL BURST",
                "ben" + D + " MEDIUM BURST",
                "cara" + D + " HIGH BURST",
                "fay" + D + " MEDIUM BURST",
                "bo" + D + " MEDIUM BURST",
                "gil" + D + " MEDIUM BURST",
                "lia" + D + " MEDIUM BURST",
                "olga" + D + " MEDIUM BURST",
                "quin" + D + " MEDIUM BURST",
                "vera" + D + " MEDIUM BURST",
                "wes" + D + " MEDIUM BURST",
                "wes" + D + " HIGH GAVE_IN",
                "rae" + D + " HIGH BURST",
                "breakglass01" + D + " CRITICAL BURST");
        Alert olga = only(alerts, "MFA_FATIGUE", "olga" + D);
        assertThat(olga.details()).containsEntry("prompts", "5").containsEntry("unanswered", "1").containsEntry("denied", "4");
        assertThat(only(alerts, "MFA_FATIGUE", "cara" + D).details()).containsEntry("fraudReported", "1");
        assertThat(only(alerts, "MFA_FATIGUE", "ben" + D).details()).containsEntry("timedOut", "5");
    }

    @Test
    void mfaFatigue_withDefaultSuppression_theBurstsAlertRisesToHighWhenTheUserGivesIn() throws IOException {
        List<Alert> alerts = run(Map.of(), List.of(), FATIGUE_INVENTORY, fatigueExports());

        // What a SOC upserting by alertId holds at the end: one alert per principal, the last version.
        assertThat(lastVersions(alerts, "MFA_FATIGUE")).containsExactlyInAnyOrder(
                "amy" + D + " MEDIUM BURST", "erin" + D + " HIGH GAVE_IN", "gus" + D + " CRITICAL BURST",
                "ben" + D + " MEDIUM BURST", "cara" + D + " HIGH BURST", "fay" + D + " MEDIUM BURST",
                "bo" + D + " MEDIUM BURST", "gil" + D + " MEDIUM BURST", "lia" + D + " MEDIUM BURST",
                "olga" + D + " MEDIUM BURST", "quin" + D + " MEDIUM BURST", "vera" + D + " MEDIUM BURST",
                "wes" + D + " HIGH GAVE_IN", "rae" + D + " HIGH BURST", "breakglass01" + D + " CRITICAL BURST");
    }

    // ---- RECOVERY_CODE_USED -----------------------------------------------------------------

    @Test
    void recoveryCodeUsed_firesOnBackupCodesPassesAndRootRecovery_andNotOnFailuresOrAccountedPasses() throws IOException {
        String login = "login";
        Path googleFile = write("google/login.json", googlePage(
                // login_challenge_method as a single value, and inside multiValue.
                google("-901", at(10, 0), login, "lena" + D, "login", "login_success", param("login_type", "google_password"),
                        param("login_challenge_method", "backup_code"), bool("is_suspicious", false)),
                google("-902", at(10, 1), login, "mona" + D, "login", "login_success", param("login_type", "google_password"),
                        multi("login_challenge_method", "password", "backup_code"), bool("is_suspicious", false)),
                // The second-factor check itself.
                google("-903", at(10, 2), login, "nico" + D, "login", "login_verification",
                        param("login_challenge_method", "backup_code"), param("login_challenge_status", "Challenge Passed."),
                        bool("is_second_factor", true)),
                // A wrong backup code, at sign-in and at verification: nothing.
                google("-904", at(10, 3), login, "otto" + D, "login", "login_failure", param("login_type", "google_password"),
                        multi("login_challenge_method", "password", "backup_code"),
                        param("login_failure_type", "login_failure_invalid_second_factor")),
                google("-905", at(10, 4), login, "otto" + D, "login", "login_verification",
                        param("login_challenge_method", "backup_code"), param("login_challenge_status", "Challenge Failed."),
                        bool("is_second_factor", true)),
                // A prompt: an ordinary second factor.
                google("-906", at(10, 5), login, "pia" + D, "login", "login_success", param("login_type", "google_password"),
                        multi("login_challenge_method", "password", "google_prompt"))));
        String tap = RawShapes.TAP_STEP;
        Path signIns = write("entra/signins.json", "{\"value\":["
                + entraSignIn("tap-1", at(10, 10), "tara" + D, 0, null, null, null, BERLIN, tap) + ","
                + entraSignIn("tap-2", at(10, 11), "adm" + D, 0, null, null, null, BERLIN, tap) + "]}");
        Path trail = write("cloudtrail/AWSLogs/444455556666/CloudTrail/us-east-1/2026/11/23/trail.json",
                cloudTrailFile(cloudTrailRootRecovery("ct-r1", at(10, 20), "PasswordRecoveryRequested"),
                        cloudTrailRootRecovery("ct-r2", at(10, 24), "PasswordRecoveryCompleted")));
        String admin = "helpdesk.hal" + D;
        Path audit = write("entra-audit/graph.json", "{\"value\":["
                // No ticket, no register entry.
                + entraTapIssued("tap-a1", at(10, 30), admin, "tina" + D, null) + ","
                // A ticket does not make a pass for an administrator routine.
                + entraTapIssued("tap-a2", at(10, 31), admin, "adm" + D, "CHG0042043") + ","
                // A ticket does for anyone else, and so does a new hire's enrolment entry.
                + entraTapIssued("tap-a3", at(10, 32), admin, "tom" + D, "CHG0042042") + ","
                + entraTapIssued("tap-a4", at(10, 33), admin, "nina" + D, null) + "]}");
        Path auditHub = write("entra-audit-hub/records.json", "{\"records\":["
                + entraAuditMonitor(entraTapIssued("tap-a5", at(10, 34), admin, "uli" + D, null)) + "]}");
        // Sentinel: the reason in ResultDescription, ResultReason empty.
        Path auditRows = write("entra-audit-la/rows.json", "[" + entraAuditRow("tap-a6", at(10, 35), "Admin registered security info",
                TAP_REASON, admin, "lara" + D) + "]");
        // The new hire's entry names her by her Entra object id, as the example register does.
        List<ExceptionEntry> register = List.of(Entries.entry("EXC-2026-0310").category(ExceptionCategory.ENROLLMENT_PENDING)
                .principals(RawShapes.objectId("nina" + D)).build());
        List<Principal> inventory = List.of(new Principal("adm" + D, List.of(), "Adm", List.of("Privileged Authentication Administrator"),
                false, List.of("push"), Instant.parse("2025-01-01T00:00:00Z"), true));
        Map<String, List<Path>> in = new LinkedHashMap<>();
        in.put("google", List.of(googleFile));
        in.put("entra-signin", List.of(signIns));
        in.put("cloudtrail", List.of(trail.getParent()));
        in.put("entra-audit", List.of(audit, auditHub, auditRows));

        List<Alert> alerts = run(EVERY_FIRING, register, inventory, in);

        String root = "arn:aws:iam::444455556666:root";
        assertThat(firings(alerts, "RECOVERY_CODE_USED")).containsExactlyInAnyOrder(
                "lena" + D + " MEDIUM RECOVERY_CODE_SIGNIN",
                "mona" + D + " MEDIUM RECOVERY_CODE_SIGNIN",
                "nico" + D + " MEDIUM RECOVERY_CODE_SIGNIN",
                "tara" + D + " MEDIUM TEMPORARY_PASS_SIGNIN",
                "adm" + D + " HIGH TEMPORARY_PASS_SIGNIN",
                root + " LOW ROOT_PASSWORD_RECOVERY",
                root + " HIGH ROOT_PASSWORD_RECOVERY",
                "tina" + D + " HIGH TEMPORARY_PASS_ISSUED",
                "adm" + D + " HIGH TEMPORARY_PASS_ISSUED",
                "uli" + D + " HIGH TEMPORARY_PASS_ISSUED",
                "lara" + D + " HIGH TEMPORARY_PASS_ISSUED");
        Alert admPass = alerts.stream().filter(a -> a.principal().equals("adm" + D)
                && "TEMPORARY_PASS_ISSUED".equals(a.details().get("trigger"))).findFirst().orElseThrow();
        assertThat(admPass.details()).containsEntry("ticket", "CHG0042043").containsEntry("privileged", "true");
    }

    @Test
    void recoveryCodeUsed_throughTheCommandLine_withTheExampleRegisterAndAnInventoryFile() throws IOException {
        // The example register's ENROLLMENT_PENDING entry (EXC-2026-0102) names a new hire by Entra object id.
        String newHireObjectId = "3f2c9a70-1b6e-4d2a-9c31-5e8f0a7d4b12";
        String admin = "helpdesk.hal" + D;
        Path audit = write("entra-audit/graph.json", "{\"value\":["
                + entraTapIssued("cli-1", at(10, 0), admin, "nils.new" + D, null).replace(RawShapes.objectId("nils.new" + D),
                        newHireObjectId) + ","
                + entraTapIssued("cli-2", at(10, 1), admin, "tina" + D, null) + ","
                + entraTapIssued("cli-3", at(10, 2), admin, "adm" + D, "CHG0042043") + "]}");
        Path principals = write("principals.csv", "id,aliases,displayName,privilegedRoles,breakGlass,registeredMethods,createdAt,active\n"
                + "adm" + D + ",,Adm,Privileged Authentication Administrator,false,push,2025-01-01,true\n");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new dev.mfawatch.detector.cli.BacktestCommand(Map.of()));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));

        int code = cl.execute("--register", "../examples/register.csv", "--principals", principals.toString(),
                "--now", "2026-11-23T08:00:00Z", "--input", "entra-audit:" + audit);

        assertThat(code).as(err.toString()).isZero();
        List<Alert> alerts = out.toString().lines()
                .map(l -> dev.mfawatch.model.Topics.ALERT_SERDE.read(l.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toList();
        assertThat(firings(alerts, "RECOVERY_CODE_USED")).containsExactlyInAnyOrder(
                "tina" + D + " HIGH TEMPORARY_PASS_ISSUED", "adm" + D + " HIGH TEMPORARY_PASS_ISSUED");
    }

    // ---- MFA_RESET_ABUSE --------------------------------------------------------------------

    private Map<String, List<Path>> resetExports() throws IOException {
        String hal = "helpdesk.hal" + D;
        List<String> okta = new ArrayList<>();
        // rita: seen in the Netherlands the day before; Classic reset_all by the helpdesk; two hours later a sign-in from Brazil.
        okta.addAll(oktaSignIn("rit-0", "2026-11-22T09:00:00Z", "rita" + D, "Netherlands", "198.51.100.7"));
        okta.add(oktaAdminOn("rit-r", at(10, 0), "user.mfa.factor.reset_all", hal, "rita" + D, null));
        okta.addAll(oktaSignIn("rit-1", at(12, 0), "rita" + D, "Brazil", "192.0.2.201"));
        // sam: an Identity Engine reset (one deactivation per factor, one actor, seconds apart) is one reset; then
        // Okta Support resets the password; then another admin resets all factors: three resets in a day.
        for (int i = 0; i < 3; i++) {
            okta.add(oktaAdminOn("sam-d" + i, at(9, 0).replace(":00Z", ":" + (10 + i * 20) + "Z"), "user.mfa.factor.deactivate",
                    hal, "sam" + D, "{\"requestId\":\"rsd" + i + "\",\"factor\":\"" + List.of("OKTA_VERIFY_PUSH", "SMS_FACTOR",
                            "OKTA_SOFT_TOKEN").get(i) + "\"}"));
        }
        okta.add(oktaAdminOn("sam-p", at(12, 0), "user.account.reset_password", "system@okta.com", "sam" + D, null));
        okta.add(oktaAdminOn("sam-a", at(15, 0), "user.mfa.factor.reset_all", "otto.admin" + D, "sam" + D, null));
        // sue: four deactivations in one run and a password reset later: two resets, not five.
        for (int i = 0; i < 4; i++) {
            okta.add(oktaAdminOn("sue-d" + i, at(9, i), "user.mfa.factor.deactivate", "nick.admin" + D, "sue" + D,
                    "{\"requestId\":\"rud" + i + "\",\"factor\":\"SMS_FACTOR\"}"));
        }
        okta.add(oktaAdminOn("sue-p", at(13, 0), "user.account.reset_password", "nick.admin" + D, "sue" + D, null));
        Path oktaFile = write("okta/systemlog.json", array(okta));

        String mallory = "mallory.helpdesk" + D;
        String auth = "Authentication Methods";
        List<String> audit = new ArrayList<>();
        // One actor, five principals in 40 minutes, every kind of Entra reset.
        audit.add(entraAudit("bur-1", at(9, 0), "Admin deleted security info", auth, "Admin deleted phone method for user",
                mallory, "xavi" + D, "c-b1", null));
        audit.add(entraAudit("bur-2", at(9, 10), "Admin registered security info", auth, "Admin registered phone method for user",
                mallory, "yara" + D, "c-b2", null));
        audit.add(entraAudit("bur-3", at(9, 20), "Admin updated security info", auth, "Admin updated phone method for user",
                mallory, "zeno" + D, "c-b3", null));
        audit.add(entraAudit("bur-4", at(9, 30), "Reset user password", "Core Directory", null, mallory, "abel" + D, "c-b4", null));
        audit.add(entraAudit("bur-5", at(9, 40), "Reset password (by admin)", "Self-service Password Management", null, mallory,
                "bea" + D, "c-b5", null));
        // Another actor, four principals: below the threshold.
        for (int i = 0; i < 4; i++) {
            audit.add(entraAudit("nor-" + i, at(9, 5 + i * 5), "Reset user password", "Core Directory", null, "nora.helpdesk" + D,
                    "nor" + i + "x" + D, "c-n" + i, null));
        }
        // ola: an admin password reset is two records under one correlation id (Core Directory, then the password
        // reset service), twice in a day: two resets, not four.
        for (int i = 0; i < 2; i++) {
            audit.add(entraAudit("ola-c" + i, at(9 + 3 * i, 0), "Reset user password", "Core Directory", null, "nick.admin" + D,
                    "ola" + D, "c-ola" + i, null));
            audit.add(entraAudit("ola-s" + i, at(9 + 3 * i, 0).replace(":00Z", ":01Z"), "Reset password (by admin)",
                    "Self-service Password Management", null, "nick.admin" + D, "ola" + D, "c-ola" + i, null));
        }
        // uma: seen in Berlin the day before; password reset by the helpdesk; four hours later a sign-in from Sao Paulo.
        audit.add(entraAudit("uma-r", at(10, 0), "Reset user password", "Core Directory", null, hal, "uma" + D, "c-u", null));
        // walt: security info deleted; a sign-in from the usual place an hour later, and from Sao Paulo 13.5 h later.
        audit.add(entraAudit("wal-r", at(10, 0), "Admin deleted security info", auth,
                "Admin deleted Authenticator App with Notification and Code method for user", hal, "walt" + D, "c-w", null));
        // vik: security info deleted by an admin, and half an hour later a new authenticator registered: a new factor
        // after a reset.
        audit.add(entraAudit("vik-r", at(10, 0), "Admin deleted security info", auth,
                "Admin deleted Authenticator App with Notification and Code method for user", "otto.admin" + D, "vik" + D, "c-v", null));
        audit.add(entraAudit("vik-n", at(10, 30), "User registered security info", auth,
                "User registered Authenticator App with Notification and Code", "vik" + D, "vik" + D, "c-vn", null));
        // tess: seen in Berlin the day before; a Temporary Access Pass issued by an admin; half an hour later she signs
        // in with it from Sao Paulo.
        audit.add(entraTapIssued("tes-r", at(10, 0), "otto.admin" + D, "tess" + D, null));
        Path auditFile = write("entra-audit/audits.json", "{\"value\":[" + String.join(",\n", audit) + "]}");
        Path signIns = write("entra/signins.json", "{\"value\":["
                + entraPushSuccess("tes-0", "2026-11-22T09:00:00Z", "tess" + D, BERLIN) + ","
                + entraSignIn("tes-1", at(10, 30), "tess" + D, 0, null, null, null, SAO_PAULO, RawShapes.TAP_STEP) + ","
                + entraPushSuccess("uma-0", "2026-11-22T09:00:00Z", "uma" + D, BERLIN) + ","
                + entraPushSuccess("uma-1", at(14, 0), "uma" + D, SAO_PAULO) + ","
                + entraPushSuccess("wal-0", "2026-11-22T09:00:00Z", "walt" + D, BERLIN) + ","
                + entraPushSuccess("wal-1", at(11, 0), "walt" + D, BERLIN) + ","
                + entraPushSuccess("wal-2", at(23, 30), "walt" + D, SAO_PAULO) + "]}");

        String ines = "ines.admin" + D;
        Path googleFile = write("google/admin.json", googlePage(
                // gail: 2SV turned off by an admin (user_accounts, the affected address), then by the admin console
                // (admin, USER_SETTINGS), then the password changed by the admin: three resets in a day.
                google("-801", at(9, 0), "user_accounts", ines, "2sv_change", "2sv_disable", param("affected_email_address", "gail" + D)),
                google("-802", at(11, 0), "admin", ines, "USER_SETTINGS", "TURN_OFF_2_STEP_VERIFICATION", param("USER_EMAIL", "gail" + D)),
                google("-803", at(13, 0), "admin", ines, "USER_SETTINGS", "CHANGE_PASSWORD", param("USER_EMAIL", "gail" + D)),
                // gwen turns 2SV off herself three times: no reset by someone else.
                google("-811", at(9, 0), "user_accounts", "gwen" + D, "2sv_change", "2sv_disable"),
                google("-812", at(11, 0), "user_accounts", "gwen" + D, "2sv_change", "2sv_disable"),
                google("-813", at(13, 0), "user_accounts", "gwen" + D, "2sv_change", "2sv_disable")));

        Path trail = write("cloudtrail/trail.json", cloudTrailFile(
                // carl: his MFA device deactivated (and deleted) by another IAM user three times in a day.
                cloudTrailDeactivateMfa("ct-c1", at(9, 0), "ops-admin", "carl"),
                cloudTrailDeleteVirtualMfa("ct-c1d", at(9, 0).replace(":00Z", ":30Z"), "ops-admin", "carl"),
                cloudTrailDeactivateMfa("ct-c2", at(12, 0), "ops-admin", "carl"),
                cloudTrailDeactivateMfa("ct-c3", at(16, 0), "ops-admin", "carl"),
                // cody: deactivate and delete twice: two resets, not four.
                cloudTrailDeactivateMfa("ct-d1", at(9, 0), "ops-admin", "cody"),
                cloudTrailDeleteVirtualMfa("ct-d1d", at(9, 1), "ops-admin", "cody"),
                cloudTrailDeactivateMfa("ct-d2", at(12, 0), "ops-admin", "cody"),
                cloudTrailDeleteVirtualMfa("ct-d2d", at(12, 1), "ops-admin", "cody"),
                // dana deactivates her own device three times.
                cloudTrailDeactivateMfa("ct-e1", at(9, 0), "dana", "dana"),
                cloudTrailDeactivateMfa("ct-e2", at(12, 0), "dana", "dana"),
                cloudTrailDeactivateMfa("ct-e3", at(16, 0), "dana", "dana")));

        Map<String, List<Path>> in = new LinkedHashMap<>();
        in.put("okta", List.of(oktaFile));
        in.put("entra-audit", List.of(auditFile));
        in.put("entra-signin", List.of(signIns));
        in.put("google", List.of(googleFile));
        in.put("cloudtrail", List.of(trail));
        return in;
    }

    @Test
    void mfaResetAbuse_takeoverChainsBurstsAndRepeatedResets_fromEveryProvider() throws IOException {
        List<Alert> alerts = run(EVERY_FIRING, List.of(), List.of(), resetExports());

        assertThat(firings(alerts, "MFA_RESET_ABUSE")).containsExactlyInAnyOrder(
                "rita" + D + " HIGH TAKEOVER_CHAIN",
                "uma" + D + " HIGH TAKEOVER_CHAIN",
                "vik" + D + " HIGH TAKEOVER_CHAIN",
                "tess" + D + " HIGH TAKEOVER_CHAIN",
                "mallory.helpdesk" + D + " HIGH RESET_BURST",
                "sam" + D + " MEDIUM REPEATED_RESET",
                "gail" + D + " MEDIUM REPEATED_RESET",
                "arn:aws:iam::444455556666:user/carl MEDIUM REPEATED_RESET");
        assertThat(only(alerts, "MFA_RESET_ABUSE", "rita" + D).details()).containsEntry("resetOperation", "FACTOR_RESET")
                .containsEntry("newSignals", "COUNTRY=BR, IP_PREFIX=192.0.2.0/24");
        assertThat(only(alerts, "MFA_RESET_ABUSE", "uma" + D).details()).containsEntry("resetOperation", "PASSWORD_RESET")
                .containsEntry("followedBy", "SIGN_IN").containsEntry("newSignals", "COUNTRY=BR, IP_PREFIX=198.51.100.0/24, USER_AGENT");
        assertThat(only(alerts, "MFA_RESET_ABUSE", "vik" + D).details()).containsEntry("followedBy", "FACTOR_REGISTERED")
                .containsEntry("resetBy", "otto.admin" + D);
        assertThat(only(alerts, "MFA_RESET_ABUSE", "tess" + D).details()).containsEntry("resetOperation", "TEMPORARY_ACCESS_PASS_ISSUED");
        assertThat(only(alerts, "MFA_RESET_ABUSE", "mallory.helpdesk" + D).details()).containsEntry("principals", "5");
        assertThat(only(alerts, "MFA_RESET_ABUSE", "sam" + D).details()).containsEntry("resets", "3");
    }

    @Test
    void mfaResetAbuse_andRecoveryCodeUsed_withDefaultSuppression_oneAlertPerPrincipalAtItsHighestSeverity() throws IOException {
        assertThat(lastVersions(run(Map.of(), List.of(), List.of(), resetExports()), "MFA_RESET_ABUSE")).containsExactlyInAnyOrder(
                "rita" + D + " HIGH TAKEOVER_CHAIN", "uma" + D + " HIGH TAKEOVER_CHAIN", "vik" + D + " HIGH TAKEOVER_CHAIN",
                "tess" + D + " HIGH TAKEOVER_CHAIN",
                "mallory.helpdesk" + D + " HIGH RESET_BURST", "sam" + D + " MEDIUM REPEATED_RESET", "gail" + D + " MEDIUM REPEATED_RESET",
                "arn:aws:iam::444455556666:user/carl MEDIUM REPEATED_RESET");
        Path trail = write("cloudtrail/trail.json", cloudTrailFile(cloudTrailRootRecovery("ct-r1", at(10, 20), "PasswordRecoveryRequested"),
                cloudTrailRootRecovery("ct-r2", at(10, 24), "PasswordRecoveryCompleted")));
        // The request (LOW) and the completion (HIGH) of one root recovery: one alert, raised to HIGH.
        assertThat(lastVersions(run(Map.of(), List.of(), List.of(), Map.of("cloudtrail", List.of(trail))), "RECOVERY_CODE_USED"))
                .containsExactly("arn:aws:iam::444455556666:root HIGH ROOT_PASSWORD_RECOVERY");
    }

    @Test
    void mfaResetAbuse_anExemptActorsResetsFireNothing() throws IOException {
        String bot = "svc-onboarding" + D;
        List<String> audit = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            audit.add(entraAudit("exm-" + i, at(9, i), "Admin registered security info", "Authentication Methods",
                    "Admin registered phone method for user", bot, "hire" + i + D, "c-e" + i, null));
        }
        for (int i = 0; i < 3; i++) {
            audit.add(entraAudit("exr-" + i, at(10 + 2 * i, 0), "Reset user password", "Core Directory", null, bot, "hire0" + D,
                    "c-r" + i, null));
        }
        Path auditFile = write("entra-audit/audits.json", "{\"value\":[" + String.join(",\n", audit) + "]}");
        List<String> okta = new ArrayList<>(oktaSignIn("kim-0", "2026-11-22T09:00:00Z", "kim" + D, "Netherlands", "198.51.100.7"));
        okta.add(oktaAdminOn("kim-r", at(10, 0), "user.mfa.factor.reset_all", bot, "kim" + D, null));
        okta.addAll(oktaSignIn("kim-1", at(12, 0), "kim" + D, "Brazil", "192.0.2.201"));
        Path oktaFile = write("okta/systemlog.json", array(okta));
        Map<String, List<Path>> in = new LinkedHashMap<>();
        in.put("entra-audit", List.of(auditFile));
        in.put("okta", List.of(oktaFile));

        // The same records without the exemption: a burst, a repeated reset and a takeover chain.
        assertThat(firings(run(EVERY_FIRING, List.of(), List.of(), in), "MFA_RESET_ABUSE")).containsExactlyInAnyOrder(
                bot + " HIGH RESET_BURST", "hire0" + D + " MEDIUM REPEATED_RESET", "kim" + D + " HIGH TAKEOVER_CHAIN");
        Map<String, String> exempt = new HashMap<>(EVERY_FIRING);
        exempt.put("MFAWATCH_RESET_EXEMPT_ACTORS", "svc-onboarding*");
        assertThat(firings(run(exempt, List.of(), List.of(), in), "MFA_RESET_ABUSE")).isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private int runs;

    private List<Alert> run(Map<String, String> env, List<ExceptionEntry> register, List<Principal> principals,
                            Map<String, List<Path>> inputs) throws IOException {
        List<Backtest.Input> in = new ArrayList<>();
        inputs.forEach((source, paths) -> paths.forEach(p -> in.add(new Backtest.Input(source, p.toString()))));
        Path state = Files.createDirectory(dir.resolve("state-" + runs++));
        Backtest.Result result = Backtest.run(env, state, register, principals, in, a -> { });
        assertThat(result.problems()).as("records the normalizers could not read").isEmpty();
        return result.alerts();
    }

    /** "principal SEVERITY trigger" of every alert of {@code rule}. */
    private static List<String> firings(List<Alert> alerts, String rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule))
                .map(a -> a.principal() + " " + a.severity() + " " + a.details().get("trigger")).toList();
    }

    /** "principal SEVERITY trigger" of the last version of each alert of {@code rule} (what a SOC upserting by alertId holds). */
    private static List<String> lastVersions(List<Alert> alerts, String rule) {
        Map<String, Alert> last = new LinkedHashMap<>();
        alerts.stream().filter(a -> a.rule().equals(rule)).forEach(a -> last.put(a.alertId(), a));
        return firings(List.copyOf(last.values()), rule);
    }

    private static Alert only(List<Alert> alerts, String rule, String principal) {
        List<Alert> of = alerts.stream().filter(a -> a.rule().equals(rule) && a.principal().equals(principal)).toList();
        assertThat(of).as(rule + " alerts for " + principal).hasSize(1);
        return of.get(0);
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }
}
