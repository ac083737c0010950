package dev.mfawatch.register.validate;

import dev.mfawatch.model.register.ExceptionEntry;
import java.util.List;
import java.util.Set;

/**
 * The verdict on a register file.
 *
 * @param readable   false when the file as a whole could not be read: act on nothing
 * @param problems   every problem, in the order a reader meets them in the file
 * @param valid      entries that broke no rule, in file order; only these may be published
 * @param idsInFile  every id the file names, valid or not: an id here is never tombstoned
 * @param invalidIds ids with at least one error: their previous published version stays
 */
public record ValidationReport(boolean readable, List<Problem> problems, List<ExceptionEntry> valid,
                               Set<String> idsInFile, Set<String> invalidIds) {
    public ValidationReport {
        problems = List.copyOf(problems);
        valid = List.copyOf(valid);
        idsInFile = Set.copyOf(idsInFile);
        invalidIds = Set.copyOf(invalidIds);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public List<String> lines() {
        return problems.stream().map(Problem::line).toList();
    }
}
