package dev.mfawatch.register;

import dev.mfawatch.register.read.RegisterReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds register CSV text for tests: a valid LEGACY_PROTOCOL entry by default (activated
 * 2026-03-01, expiring 2026-05-30 = exactly 90 days later), with single cells overridden per test.
 */
public final class RegisterCsv {

    private final List<Map<String, String>> rows = new ArrayList<>();

    public static Map<String, String> validRow(String id) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("category", "LEGACY_PROTOCOL");
        r.put("status", "ACTIVE");
        r.put("requestor", "alice@example.com");
        r.put("owner", "owen@example.com");
        r.put("approvers", "carol@example.com;dave@example.com");
        r.put("implementer", "ivan@example.com");
        r.put("scopePrincipals", "printer@example.com");
        r.put("scopeApps", "Exchange Online");
        r.put("scopeProtocols", "SMTP");
        r.put("scopeNetworks", "10.20.0.0/24");
        r.put("scopeCountries", "DE");
        r.put("scopePolicies", "CA-001 Require MFA");
        r.put("justification", "Scan-to-mail printer cannot do modern auth, until the fleet is replaced");
        r.put("riskRating", "MEDIUM");
        r.put("compensatingControls", "source IP allow-list;mailbox send-only");
        r.put("monitoringPlan", "weekly sign-in review");
        r.put("createdAt", "2026-02-20");
        r.put("activatedAt", "2026-03-01");
        r.put("expiresAt", "2026-05-30");
        r.put("reviewCadenceDays", "");
        r.put("lastReviewedAt", "");
        r.put("nextReviewAt", "");
        r.put("plannedRetirementAt", "2026-05-01");
        r.put("ticket", "CHG-1001");
        r.put("history", "2026-03-01T09:00:00Z ACTIVATED ivan@example.com - connector rule deployed");
        return r;
    }

    public RegisterCsv row(Map<String, String> row) {
        rows.add(row);
        return this;
    }

    public RegisterCsv row(String id, String... overrides) {
        Map<String, String> r = validRow(id);
        for (int i = 0; i < overrides.length; i += 2) {
            r.put(overrides[i], overrides[i + 1]);
        }
        return row(r);
    }

    public String text() {
        StringBuilder sb = new StringBuilder(String.join(",", RegisterReader.COLUMNS)).append('\n');
        for (Map<String, String> r : rows) {
            sb.append(RegisterReader.COLUMNS.stream().map(c -> quote(r.getOrDefault(c, "")))
                    .collect(Collectors.joining(","))).append('\n');
        }
        return sb.toString();
    }

    static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
