package dev.mfawatch.register.read;

import dev.mfawatch.register.validate.Problem;
import java.util.List;

/**
 * A file read into records. {@code readable == false} means the file as a whole could not be
 * understood (bad JSON, no header, a required column missing): nothing from it may be acted on,
 * in particular nothing may be tombstoned because it "disappeared".
 */
public record Table(boolean readable, List<Record> records, List<Problem> problems) {
    public Table {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }
}
