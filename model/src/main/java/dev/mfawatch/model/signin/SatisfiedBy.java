package dev.mfawatch.model.signin;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** How MFA was satisfied: a claim in the token and a federated IdP's MFA both count. */
public enum SatisfiedBy {
    MFA_STEP, CLAIM_IN_TOKEN, FEDERATED_IDP,
    @JsonEnumDefaultValue OTHER
}
