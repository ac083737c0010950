package dev.mfawatch.model.signin;

/**
 * What the sign-in demanded and what happened. {@code required} is what the provider's policy
 * demanded (null when unknown); {@code satisfied} is whether MFA was performed or already held.
 */
public record MfaInfo(Boolean required, boolean satisfied, String method, MethodClass methodClass,
                      MfaResult result, SatisfiedBy satisfiedBy, String tokenType) {
    public MfaInfo {
        methodClass = methodClass == null ? (satisfied ? MethodClass.OTHER : MethodClass.NONE) : methodClass;
    }

    public static MfaInfo none() {
        return new MfaInfo(null, false, null, MethodClass.NONE, null, null, null);
    }
}
