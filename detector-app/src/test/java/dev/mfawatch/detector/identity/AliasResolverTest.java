package dev.mfawatch.detector.identity;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.directory.Actor;
import dev.mfawatch.model.directory.ChangeOperation;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.model.signin.SignInEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AliasResolverTest {

    private static final String PAULA = "paula@contoso.example";
    private static final AliasResolver RESOLVER = new AliasResolver(Map.of(
            "00u1abc", PAULA,
            "arn:aws:iam::111122223333:user/paula", PAULA,
            "aaaa1111-0000-4000-8000-000000000001", PAULA)::get);

    private static DirectoryChange change(String... targets) {
        return new DirectoryChange("chg-1", "okta", Instant.parse("2026-11-23T09:00:00Z"),
                new Actor("okta.admin@contoso.example", "USER"), ChangeOperation.FACTOR_REMOVED, List.of(targets), null,
                null, Map.of("factor", "SMS"), null);
    }

    @Test
    void anAliasIdBecomesThePrincipalId_theFormerIdLeadsTheAliases() {
        SignInEvent okta = signIn("o-1").source("okta").principal("00U1ABC", "pfd1").type(PrincipalType.USER).build();

        SignInEvent resolved = RESOLVER.resolve(okta);

        assertThat(resolved.principal()).isEqualTo(new PrincipalRef(PAULA, List.of("00u1abc", "pfd1"), PrincipalType.USER));
        assertThat(resolved.principal().names()).containsExactly(PAULA, "00u1abc", "pfd1");
        assertThat(resolved).usingRecursiveComparison().ignoringFields("principal").isEqualTo(okta);
    }

    @Test
    void anAliasAmongTheEventsAliasesResolvesWhenTheIdIsNone() {
        // An Entra UPN the inventory does not list, with the user's object id that it does.
        SignInEvent entra = signIn("e-1").principal("p.jones@contoso.example", "AAAA1111-0000-4000-8000-000000000001").build();

        assertThat(RESOLVER.resolve(entra).principal().names())
                .containsExactly(PAULA, "p.jones@contoso.example", "aaaa1111-0000-4000-8000-000000000001");
    }

    @Test
    void aPrincipalNoAliasNamesIsReturnedAsItIs() {
        SignInEvent other = signIn("e-2").principal("quinn@contoso.example", "bbbb").build();
        SignInEvent already = signIn("e-3").principal(PAULA, "00u1abc").build();

        assertThat(RESOLVER.resolve(other)).isSameAs(other);
        // The inventory id itself is no alias: nothing to do (and no self-reference in the aliases).
        assertThat(RESOLVER.resolve(already)).isSameAs(already);
    }

    @Test
    void aChangeOfOneAliasTargetNamesThePrincipal_andKeepsTheProvidersNameForRegisterMatching() {
        DirectoryChange c = RESOLVER.resolve(change("arn:aws:iam::111122223333:user/paula"));

        assertThat(c.targets()).containsExactly(PAULA);
        assertThat(c.details()).containsEntry("factor", "SMS")
                .containsEntry(AliasResolver.RESOLVED_FROM, "arn:aws:iam::111122223333:user/paula");
        assertThat(AliasResolver.names(c, PAULA)).containsExactly(PAULA, "arn:aws:iam::111122223333:user/paula");
    }

    @Test
    void changesNamingNoOrSeveralTargetsOrNoAliasAreLeftAlone() {
        DirectoryChange none = change();
        DirectoryChange two = change("00u1abc", "quinn@contoso.example");
        DirectoryChange other = change("quinn@contoso.example");

        assertThat(RESOLVER.resolve(none)).isSameAs(none);
        assertThat(RESOLVER.resolve(two)).isSameAs(two);
        assertThat(RESOLVER.resolve(other)).isSameAs(other);
        assertThat(AliasResolver.names(other, "quinn@contoso.example")).containsExactly("quinn@contoso.example");
        assertThat(AliasResolver.names(none, null)).isEmpty();
    }

    @Test
    void theProvidersOwnIdOfTheTargetIsANameToo_andResolvesWhenTheInventoryKnowsIt() {
        // Entra names the target by UPN and object id; the register or the inventory may know only the id.
        DirectoryChange byUpn = new DirectoryChange("e-9", "entra-audit", Instant.parse("2026-11-23T10:00:00Z"), null,
                ChangeOperation.TEMPORARY_ACCESS_PASS_ISSUED, List.of("nina@contoso.example"), null, null,
                Map.of(DirectoryChange.TARGET_ID, "3F2C9A70-1B6E-4D2A-9C31-5E8F0A7D4B12"), null);
        assertThat(AliasResolver.names(byUpn, "nina@contoso.example"))
                .containsExactly("nina@contoso.example", "3f2c9a70-1b6e-4d2a-9c31-5e8f0a7d4b12");
        AliasResolver byObjectId = new AliasResolver(Map.of("3f2c9a70-1b6e-4d2a-9c31-5e8f0a7d4b12", "nina.n@contoso.example")::get);
        DirectoryChange resolved = byObjectId.resolve(byUpn);
        assertThat(resolved.targets()).containsExactly("nina.n@contoso.example");
        assertThat(AliasResolver.names(resolved, "nina.n@contoso.example"))
                .containsExactly("nina.n@contoso.example", "nina@contoso.example", "3f2c9a70-1b6e-4d2a-9c31-5e8f0a7d4b12");
    }
}
