package dev.mfawatch.model.signin;

import dev.mfawatch.model.Checks;
import java.util.List;
import java.util.stream.Stream;

/** Who signed in: the lower-cased UPN / e-mail / ARN, plus aliases such as the provider's object id. */
public record PrincipalRef(String id, List<String> aliases, PrincipalType type) {
    public PrincipalRef {
        id = Checks.principalId(Checks.requiredText(id, "principal.id"));
        aliases = Checks.principalIds(aliases);
        type = type == null ? PrincipalType.USER : type;
    }

    /** The id followed by every alias, each once. */
    public List<String> names() {
        return Stream.concat(Stream.of(id), aliases.stream()).distinct().toList();
    }
}
