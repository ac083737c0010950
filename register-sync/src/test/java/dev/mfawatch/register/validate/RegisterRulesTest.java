package dev.mfawatch.register.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.register.RegisterCsv;
import dev.mfawatch.register.read.InventoryReader;
import dev.mfawatch.register.read.RegisterReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per register rule, each asserting the exact line a register editor reads. */
class RegisterRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");

    private static ValidationReport validate(RegisterCsv csv) {
        return RegisterValidator.validate(RegisterReader.readCsv(csv.text()), null, NOW);
    }

    /** The lines about rows only: the file-level break-glass advice is tested on its own. */
    private static List<String> rowLines(RegisterCsv csv) {
        return validate(csv).lines().stream().filter(l -> !l.startsWith("register:")).toList();
    }

    private static List<String> oneRow(String... overrides) {
        return rowLines(new RegisterCsv().row("EXC-2026-0001", overrides));
    }

    @Test
    void aCompleteEntryIsValid() {
        ValidationReport report = validate(new RegisterCsv().row("EXC-2026-0001"));
        assertThat(report.lines()).containsExactly(
                "register: warning: 0 break-glass accounts registered and in force; keep at least two independent accounts");
        assertThat(report.valid()).extracting(e -> e.id()).containsExactly("EXC-2026-0001");
        assertThat(report.hasErrors()).isFalse();
    }

    @Nested
    class RequiredFields {
        @Test
        void blankOwner() {
            assertThat(oneRow("owner", "")).containsExactly("row 2, field owner: required but blank");
        }

        @Test
        void blankId() {
            assertThat(oneRow("id", " ")).containsExactly("row 2, field id: required but blank");
        }

        @Test
        void blankExpiry() {
            assertThat(oneRow("expiresAt", "")).containsExactly("row 2, field expiresAt: required but blank");
        }

        @Test
        void noScopePrincipal() {
            assertThat(oneRow("scopePrincipals", " ; ")).containsExactly("row 2, field scopePrincipals: required but blank");
        }

        @Test
        void approvedEntriesNeedApproverImplementerAndActivation() {
            assertThat(oneRow("approvers", "", "implementer", "", "activatedAt", "")).containsExactly(
                    "row 2, field approvers: required unless status is REQUESTED",
                    "row 2, field implementer: required unless status is REQUESTED",
                    "row 2, field activatedAt: required unless status is REQUESTED");
        }

        @Test
        void aRequestHasNoApproverYet() {
            assertThat(oneRow("status", "REQUESTED", "approvers", "", "implementer", "", "activatedAt", "")).isEmpty();
        }
    }

    @Test
    void idsAreUnique() {
        RegisterCsv csv = new RegisterCsv().row("EXC-2026-0001")
                .row("EXC-2026-0002", "scopePrincipals", "scanner@example.com")
                .row("EXC-2026-0001", "scopePrincipals", "fax@example.com");
        assertThat(rowLines(csv)).containsExactly("row 2, field id: duplicate id EXC-2026-0001, also on row 4",
                        "row 4, field id: duplicate id EXC-2026-0001, also on row 2");
        ValidationReport report = validate(csv);
        assertThat(report.valid()).extracting(e -> e.id()).containsExactly("EXC-2026-0002");
        assertThat(report.invalidIds()).containsExactly("EXC-2026-0001");
    }

    @Nested
    class SegregationOfDuties {
        @Test
        void requestorApproves() {
            assertThat(oneRow("approvers", "dave@example.com;Alice@Example.com")).containsExactly(
                    "row 2, field approvers: the requestor cannot approve their own request (segregation of duties)");
        }

        @Test
        void requestorImplements() {
            assertThat(oneRow("implementer", "alice@example.com")).containsExactly(
                    "row 2, field implementer: the requestor cannot implement their own request (segregation of duties)");
        }

        @Test
        void approverImplements() {
            assertThat(oneRow("implementer", "CAROL@example.com")).containsExactly(
                    "row 2, field implementer: an approver cannot also implement the exception (segregation of duties)");
        }
    }

    @Nested
    class MaximumDuration {
        @Test
        void ninetyDaysIsTheLimit() {
            // 2026-03-01 + 90 days = 2026-05-30; one day more is too long.
            assertThat(oneRow("expiresAt", "2026-05-30")).isEmpty();
            assertThat(oneRow("expiresAt", "2026-05-31")).containsExactly(
                    "row 2, field expiresAt: LEGACY_PROTOCOL may last at most 90 days after activation");
        }

        @Test
        void adminExclusionFourteenDays() {
            assertThat(oneRow("category", "ADMIN_EXCLUSION", "expiresAt", "2026-03-15")).isEmpty();
            assertThat(oneRow("category", "ADMIN_EXCLUSION", "expiresAt", "2026-03-15T00:00:01Z")).containsExactly(
                    "row 2, field expiresAt: ADMIN_EXCLUSION may last at most 14 days after activation");
        }

        @Test
        void incidentResponseSevenDays() {
            assertThat(oneRow("category", "INCIDENT_RESPONSE", "expiresAt", "2026-03-09")).containsExactly(
                    "row 2, field expiresAt: INCIDENT_RESPONSE may last at most 7 days after activation");
        }

        @Test
        void testingSevenDays() {
            assertThat(oneRow("category", "TESTING", "expiresAt", "2026-03-08")).isEmpty();
            assertThat(oneRow("category", "testing", "expiresAt", "2026-03-08T02:00:00+02:00")).isEmpty();
            assertThat(oneRow("category", "TESTING", "expiresAt", "2026-03-08T08:00:00Z")).containsExactly(
                    "row 2, field expiresAt: TESTING may last at most 7 days after activation");
        }
    }

    @Test
    void highRiskNeedsCompensatingControls() {
        assertThat(oneRow("riskRating", "HIGH", "compensatingControls", "")).containsExactly(
                "row 2, field compensatingControls: HIGH risk needs at least one compensating control");
        assertThat(oneRow("riskRating", "CRITICAL", "compensatingControls", "")).containsExactly(
                "row 2, field compensatingControls: CRITICAL risk needs at least one compensating control");
        assertThat(oneRow("riskRating", "LOW", "compensatingControls", "")).isEmpty();
    }

    @Nested
    class ExplicitScope {
        @Test
        void star() {
            assertThat(oneRow("scopePrincipals", "*")).containsExactly(
                    "row 2, field scopePrincipals: \"*\" is a blanket scope; name each principal explicitly");
        }

        @Test
        void allUsers() {
            assertThat(oneRow("scopePrincipals", "printer@example.com;All Users")).containsExactly(
                    "row 2, field scopePrincipals: \"all users\" is a blanket scope; name each principal explicitly");
        }

        @Test
        void wildcardDomain() {
            assertThat(oneRow("scopePrincipals", "*@example.com")).containsExactly(
                    "row 2, field scopePrincipals: \"*@example.com\" is a blanket scope; name each principal explicitly");
        }

        @Test
        void groupWithoutMembers() {
            assertThat(oneRow("scopePrincipals", "group:printers")).containsExactly(
                    "row 2, field scopePrincipals: group \"group:printers\" is named without its members; list each member principal");
            assertThat(oneRow("scopePrincipals", "group:printers;printer@example.com")).isEmpty();
        }
    }

    @Nested
    class ReviewCadence {
        @Test
        void longerThanTheCategoryAllows() {
            assertThat(oneRow("category", "ADMIN_EXCLUSION", "expiresAt", "2026-03-10", "reviewCadenceDays", "14"))
                    .containsExactly("row 2, field reviewCadenceDays: ADMIN_EXCLUSION must be reviewed at least every 7 days");
            assertThat(oneRow("reviewCadenceDays", "91")).containsExactly(
                    "row 2, field reviewCadenceDays: LEGACY_PROTOCOL must be reviewed at least every 90 days");
            assertThat(oneRow("reviewCadenceDays", "90")).isEmpty();
        }

        @Test
        void notPositive() {
            assertThat(oneRow("reviewCadenceDays", "0")).containsExactly(
                    "row 2, field reviewCadenceDays: must be at least 1 day");
        }

        @Test
        void notANumber() {
            assertThat(oneRow("reviewCadenceDays", "weekly")).containsExactly(
                    "row 2, field reviewCadenceDays: not a whole number: \"weekly\"");
        }
    }

    @Nested
    class DateOrder {
        @Test
        void activatedBeforeCreated() {
            assertThat(oneRow("createdAt", "2026-03-02")).containsExactly(
                    "row 2, field activatedAt: must not be before createdAt");
        }

        @Test
        void expiresNotAfterActivation() {
            assertThat(oneRow("expiresAt", "2026-03-01")).containsExactly(
                    "row 2, field expiresAt: must be after activatedAt");
        }

        @Test
        void requestExpiresNotAfterCreation() {
            assertThat(oneRow("status", "REQUESTED", "activatedAt", "", "expiresAt", "2026-02-19")).containsExactly(
                    "row 2, field expiresAt: must be after createdAt");
        }

        @Test
        void notADate() {
            assertThat(oneRow("createdAt", "03/01/2026")).containsExactly(
                    "row 2, field createdAt: not an ISO-8601 date or instant: \"03/01/2026\" (write 2026-03-01 or 2026-03-01T08:00:00Z)");
        }
    }

    @Nested
    class ClosedSets {
        @Test
        void unknownCategory() {
            assertThat(oneRow("category", "PARTNER")).containsExactly("row 2, field category: unknown value \"PARTNER\"; "
                    + "allowed: BREAK_GLASS, ADMIN_EXCLUSION, LEGACY_PROTOCOL, SERVICE_ACCOUNT, ENROLLMENT_PENDING, "
                    + "ACCESSIBILITY, FEDERATED_PARTNER, INCIDENT_RESPONSE, TESTING");
        }

        @Test
        void unknownStatus() {
            assertThat(oneRow("status", "PENDING")).containsExactly("row 2, field status: unknown value \"PENDING\"; "
                    + "allowed: REQUESTED, APPROVED, ACTIVE, EXPIRED, REVOKED, CLOSED");
        }

        @Test
        void unknownRiskRating() {
            assertThat(oneRow("riskRating", "SEVERE")).containsExactly("row 2, field riskRating: unknown value \"SEVERE\"; "
                    + "allowed: LOW, MEDIUM, HIGH, CRITICAL");
        }
    }

    @Test
    void malformedHistory() {
        assertThat(oneRow("history", "2026-03-01T09:00:00Z ACTIVATED ivan;yesterday revoked")).containsExactly(
                "row 2, field history: item 2 is not \"<ISO instant> <ACTION> <by> [- <note>]\"");
        assertThat(oneRow("history", "2026-13-01T09:00:00Z REVOKED ciso - left")).containsExactly(
                "row 2, field history: item 1: not an ISO-8601 date or instant: \"2026-13-01T09:00:00Z\" (write 2026-03-01 or 2026-03-01T08:00:00Z)");
    }

    @Nested
    class Warnings {
        @Test
        void fewerThanTwoBreakGlassAccounts() {
            RegisterCsv one = new RegisterCsv().row("EXC-BG-1", "category", "BREAK_GLASS", "scopePrincipals", "bg1@example.com");
            assertThat(validate(one).lines()).containsExactly(
                    "register: warning: 1 break-glass account registered and in force; keep at least two independent accounts");
            RegisterCsv two = new RegisterCsv()
                    .row("EXC-BG-1", "category", "BREAK_GLASS", "scopePrincipals", "bg1@example.com")
                    .row("EXC-BG-2", "category", "BREAK_GLASS", "scopePrincipals", "bg2@example.com");
            assertThat(validate(two).lines()).isEmpty();
            // A revoked break-glass entry does not count.
            RegisterCsv revoked = new RegisterCsv()
                    .row("EXC-BG-1", "category", "BREAK_GLASS", "scopePrincipals", "bg1@example.com")
                    .row("EXC-BG-2", "category", "BREAK_GLASS", "scopePrincipals", "bg2@example.com",
                            "status", "REVOKED", "history", "2026-03-05T00:00:00Z REVOKED ciso@example.com");
            assertThat(validate(revoked).lines()).containsExactly(
                    "register: warning: 1 break-glass account registered and in force; keep at least two independent accounts");
        }

        @Test
        void principalMissingFromInventory() {
            var inventory = InventoryReader.readCsv("id,aliases,displayName\nscanner@example.com,00000000-aaaa,Scanner\n");
            var file = RegisterReader.readCsv(new RegisterCsv()
                    .row("EXC-1", "scopePrincipals", "printer@example.com;00000000-AAAA").text());
            assertThat(RegisterValidator.validate(file, inventory, NOW).lines()).containsExactly(
                    "row 2, field scopePrincipals: warning: \"printer@example.com\" is not in the identity inventory",
                    "register: warning: 0 break-glass accounts registered and in force; keep at least two independent accounts");
            assertThat(RegisterValidator.validate(file, inventory, NOW).valid()).hasSize(1);
        }

        @Test
        void sameExceptionRequestedThreeTimesInAYear() {
            RegisterCsv csv = new RegisterCsv()
                    .row("EXC-1", "createdAt", "2025-04-01", "activatedAt", "2025-04-01", "expiresAt", "2025-06-01")
                    .row("EXC-2", "createdAt", "2025-09-01", "activatedAt", "2025-09-01", "expiresAt", "2025-11-01")
                    .row("EXC-3");
            // 2025-04-01 → 2026-02-20 is within 365 days: the third one is the design problem.
            assertThat(rowLines(csv)).containsExactly("row 4, field scopePrincipals: warning: \"printer@example.com\" is in 3 "
                    + "LEGACY_PROTOCOL exceptions created within a year; fix the cause instead of renewing the exception");
            RegisterCsv spread = new RegisterCsv()
                    .row("EXC-1", "createdAt", "2025-02-19", "activatedAt", "2025-02-19", "expiresAt", "2025-04-01")
                    .row("EXC-2", "createdAt", "2025-09-01", "activatedAt", "2025-09-01", "expiresAt", "2025-11-01")
                    .row("EXC-3");
            assertThat(rowLines(spread)).isEmpty();
        }
    }

    @Test
    void aBadRowDoesNotStopTheOthers() {
        ValidationReport report = validate(new RegisterCsv().row("EXC-1", "owner", "").row("EXC-2").row("EXC-3", "status", "?"));
        assertThat(report.valid()).extracting(e -> e.id()).containsExactly("EXC-2");
        assertThat(report.invalidIds()).containsExactlyInAnyOrder("EXC-1", "EXC-3");
        assertThat(report.idsInFile()).containsExactlyInAnyOrder("EXC-1", "EXC-2", "EXC-3");
    }
}
