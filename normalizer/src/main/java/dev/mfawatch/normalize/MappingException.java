package dev.mfawatch.normalize;

/** Thrown inside a mapper for a missing or ill-typed field; turned into a failure by the base class. */
public final class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public MappingException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public static MappingException missing(String field) {
        return new MappingException(ReasonCodes.MISSING_FIELD, field + " is required");
    }

    public static MappingException invalid(String field, String expected) {
        return new MappingException(ReasonCodes.INVALID_FIELD, field + " must be " + expected);
    }

    public String reason() {
        return reason;
    }
}
