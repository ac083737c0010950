package dev.mfawatch.register.read;

import dev.mfawatch.register.validate.Problem;
import java.util.List;

/** A register file as read: its rows and the problems met while reading (before the register rules). */
public record RegisterFile(boolean readable, List<RegisterRow> rows, List<Problem> problems) {
    public RegisterFile {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }
}
