package dev.mfawatch.bench;

import java.time.Instant;

/**
 * Raw Entra ID Graph {@code signIn} objects of realistic size for the raw-normalization part of the
 * bench: about 12 KB each, most of it the applied conditional access policies.
 */
final class RawEntra {

    private RawEntra() {
    }

    /** A Graph signIn; 9 in 10 with MFA. 27 applied CA policies bring it to about 12 KB. */
    static String signIn(int seq, int user, boolean mfa, Instant time) {
        StringBuilder policies = new StringBuilder();
        for (int k = 0; k < 27; k++) {
            policies.append(k == 0 ? "" : ",").append(String.format(
                    "{\"id\":\"p0000000-0000-4000-8000-%012d\",\"displayName\":\"Baseline policy %02d: require compliant "
                            + "device or MFA for cloud apps\",\"enforcedGrantControls\":[\"Mfa\",\"CompliantDevice\"],"
                            + "\"enforcedSessionControls\":[\"SignInFrequency\",\"ContinuousAccessEvaluation\"],"
                            + "\"result\":\"%s\",\"conditionsSatisfied\":\"application,users\",\"conditionsNotSatisfied\":\"none\","
                            + "\"includeRulesSatisfied\":[],\"excludeRulesSatisfied\":[]}", k, k, k % 3 == 0 ? "success" : "notApplied"));
        }
        String steps = mfa
                ? "[{\"authenticationMethod\":\"Password\",\"succeeded\":true,\"authenticationStepRequirement\":\"Primary authentication\"},"
                + "{\"authenticationMethod\":\"Mobile app notification\",\"succeeded\":true,\"authenticationStepResultDetail\":\"MFA successfully completed\",\"authenticationStepRequirement\":\"Secondary authentication\"}]"
                : "[{\"authenticationMethod\":\"Password\",\"succeeded\":true,\"authenticationStepRequirement\":\"Primary authentication\"}]";
        return String.format("{\"id\":\"b%011d-0000-4000-8000-000000000000\",\"createdDateTime\":\"%s\","
                        + "\"userDisplayName\":\"User %d\",\"userPrincipalName\":\"user%d@example.com\","
                        + "\"userId\":\"u%011d-0000-4000-8000-000000000000\",\"appId\":\"00000002-0000-0ff1-ce00-000000000000\","
                        + "\"appDisplayName\":\"Office 365 Exchange Online\",\"ipAddress\":\"203.0.113.%d\",\"clientAppUsed\":\"Browser\","
                        + "\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0\","
                        + "\"correlationId\":\"c%011d-0000-4000-8000-000000000000\",\"conditionalAccessStatus\":\"success\","
                        + "\"isInteractive\":true,\"authenticationRequirement\":\"%s\",\"status\":{\"errorCode\":0},"
                        + "\"deviceDetail\":{\"deviceId\":\"\",\"displayName\":\"\",\"operatingSystem\":\"Windows10\",\"browser\":\"Edge 131.0\"},"
                        + "\"location\":{\"city\":\"Berlin\",\"state\":\"Berlin\",\"countryOrRegion\":\"DE\","
                        + "\"geoCoordinates\":{\"latitude\":52.52,\"longitude\":13.405}},"
                        + "\"appliedConditionalAccessPolicies\":[%s],\"authenticationDetails\":%s%s}",
                seq, time, user, user, user, user % 250, seq, mfa ? "multiFactorAuthentication" : "singleFactorAuthentication",
                policies, steps, mfa ? ",\"mfaDetail\":{\"authMethod\":\"PhoneAppNotification\"}" : "");
    }
}
