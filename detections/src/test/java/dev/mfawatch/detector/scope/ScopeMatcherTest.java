package dev.mfawatch.detector.scope;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.register.Scope;
import dev.mfawatch.model.signin.ClientProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeMatcherTest {

    private static Scope scope(List<String> apps, List<String> protocols, List<String> networks, List<String> countries) {
        return new Scope(List.of("alice@example.com"), apps, protocols, networks, countries, List.of());
    }

    @Test
    void emptyDimensionsAreUnrestricted() {
        assertThat(ScopeMatcher.mismatches(scope(List.of(), List.of(), List.of(), List.of()), signIn("e").build())).isEmpty();
    }

    @Test
    void eachDimensionIsCheckedOnItsOwn() {
        Scope s = scope(List.of("salesforce"), List.of("imap"), List.of("10.0.0.0/8", "not-a-network"), List.of("FR"));
        assertThat(ScopeMatcher.mismatches(s, signIn("e").app("x", "Salesforce").protocol(ClientProtocol.IMAP)
                .from("10.20.30.40", "fr").build())).isEmpty();
        assertThat(ScopeMatcher.mismatches(s, signIn("e").app("x", "Workday").protocol(ClientProtocol.POP)
                .from("11.0.0.1", "DE").build())).containsExactlyInAnyOrder(ScopeDimension.values());
    }

    @Test
    void aRestrictedDimensionTheSignInDoesNotReportIsAMismatch() {
        Scope s = scope(List.of(), List.of("IMAP"), List.of("10.0.0.0/8"), List.of("FR"));
        assertThat(ScopeMatcher.mismatches(s, signIn("e").protocol(null).from(null, null).build()))
                .containsExactlyInAnyOrder(ScopeDimension.PROTOCOL, ScopeDimension.NETWORK, ScopeDimension.COUNTRY);
    }
}
