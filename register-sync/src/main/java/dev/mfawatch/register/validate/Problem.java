package dev.mfawatch.register.validate;

/**
 * One problem found in a register or inventory file, rendered as one line a spreadsheet user can
 * act on: {@code row 12, field expiresAt: ADMIN_EXCLUSION may last at most 14 days after activation}.
 *
 * @param location {@code row N} (CSV; the header is row 1), {@code entry N} (JSON, 1-based) or
 *                 {@code register} for problems of the file as a whole
 * @param field    the column / JSON field, or null when the problem concerns the whole row or file
 */
public record Problem(String location, String field, Severity severity, String message) {

    public enum Severity { ERROR, WARNING }

    public static Problem error(String location, String field, String message) {
        return new Problem(location, field, Severity.ERROR, message);
    }

    public static Problem warning(String location, String field, String message) {
        return new Problem(location, field, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String line() {
        return location + (field == null ? "" : ", field " + field) + ": "
                + (severity == Severity.WARNING ? "warning: " : "") + message;
    }

    @Override
    public String toString() {
        return line();
    }
}
