package dev.mfawatch.register.read;

import dev.mfawatch.model.register.ExceptionCategory;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.ExceptionStatus;
import dev.mfawatch.model.register.RiskRating;
import dev.mfawatch.model.register.Scope;
import dev.mfawatch.register.validate.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the governance register (CSV or JSON) into {@link ExceptionEntry} rows. The CSV header is
 * the contract other teams export against; columns may come in any order.
 */
public final class RegisterReader {

    /** The CSV header, in the documented order. */
    public static final List<String> COLUMNS = List.of("id", "category", "status", "requestor", "owner", "approvers",
            "implementer", "scopePrincipals", "scopeApps", "scopeProtocols", "scopeNetworks", "scopeCountries",
            "scopePolicies", "justification", "riskRating", "compensatingControls", "monitoringPlan", "createdAt",
            "activatedAt", "expiresAt", "reviewCadenceDays", "lastReviewedAt", "nextReviewAt", "plannedRetirementAt",
            "ticket", "history");

    /** Without these columns no row could be valid, so the file is refused as a whole. */
    public static final Set<String> REQUIRED_COLUMNS = Set.of("id", "category", "status", "requestor", "owner",
            "scopePrincipals", "justification", "riskRating", "createdAt", "expiresAt");

    private static final TableReader READER = new TableReader("register",
            union(COLUMNS, "lastValidationResult"), REQUIRED_COLUMNS, Set.of("scope"));

    private RegisterReader() {
    }

    private static Set<String> union(List<String> columns, String extra) {
        List<String> all = new ArrayList<>(columns);
        all.add(extra);
        return Set.copyOf(all);
    }

    public static RegisterFile read(Path file) {
        return fromTable(READER.read(file));
    }

    public static RegisterFile readCsv(String text) {
        return fromTable(READER.readCsv(text));
    }

    public static RegisterFile readJson(String text) {
        return fromTable(READER.readJson(text));
    }

    private static RegisterFile fromTable(Table table) {
        List<Problem> problems = new ArrayList<>(table.problems());
        List<RegisterRow> rows = new ArrayList<>();
        for (Record record : table.records()) {
            rows.add(row(record, problems));
        }
        return new RegisterFile(table.readable(), rows, problems);
    }

    private static RegisterRow row(Record record, List<Problem> problems) {
        Fields f = new Fields(record, problems);
        String id = f.text("id");
        Scope scope = new Scope(f.list("scopePrincipals"), f.list("scopeApps"), f.list("scopeProtocols"),
                f.list("scopeNetworks"), f.list("scopeCountries"), f.list("scopePolicies"));
        ExceptionCategory category = f.enumValue("category", ExceptionCategory.class);
        ExceptionStatus status = f.enumValue("status", ExceptionStatus.class);
        RiskRating risk = f.enumValue("riskRating", RiskRating.class);
        String requestor = f.text("requestor");
        String owner = f.text("owner");
        List<String> approvers = f.list("approvers");
        String implementer = f.text("implementer");
        String justification = f.text("justification");
        List<String> controls = f.list("compensatingControls");
        String monitoringPlan = f.text("monitoringPlan");
        var createdAt = f.instant("createdAt");
        var activatedAt = f.instant("activatedAt");
        var expiresAt = f.instant("expiresAt");
        Integer cadence = f.integer("reviewCadenceDays");
        var lastReviewedAt = f.instant("lastReviewedAt");
        var nextReviewAt = f.instant("nextReviewAt");
        var plannedRetirementAt = f.instant("plannedRetirementAt");
        String ticket = f.text("ticket");
        var history = f.history("history");
        if (id == null || id.isBlank()) {
            if (!f.bad().contains("id")) {
                problems.add(Problem.error(record.location(), "id", "required but blank"));
            }
            return new RegisterRow(record.location(), null, f.bad());
        }
        // lastValidationResult is register-sync's own verdict, recomputed on every run, never read from the file.
        ExceptionEntry entry = new ExceptionEntry(id, category, status, requestor, owner, approvers, implementer, scope,
                justification, risk, controls, monitoringPlan, createdAt, activatedAt, expiresAt, cadence,
                lastReviewedAt, nextReviewAt, plannedRetirementAt, ticket, null, history);
        return new RegisterRow(record.location(), entry, f.bad());
    }
}
