package dev.mfawatch.model.register;

import dev.mfawatch.model.Checks;
import java.util.List;

/**
 * What an exception covers. Principals are named explicitly (ids or aliases, lower-cased); an
 * empty list in any other dimension means "not restricted in that dimension".
 */
public record Scope(List<String> principals, List<String> apps, List<String> protocols, List<String> networks,
                    List<String> countries, List<String> policies) {
    public Scope {
        principals = Checks.principalIds(principals);
        apps = Checks.list(apps);
        protocols = Checks.list(protocols);
        networks = Checks.list(networks);
        countries = Checks.list(countries);
        policies = Checks.list(policies);
    }

    public static Scope ofPrincipals(String... principals) {
        return new Scope(List.of(principals), null, null, null, null, null);
    }
}
