package dev.mfawatch.register;

import java.util.List;

/**
 * What one sync did (or, with {@code dryRun}, would do).
 *
 * @param upserts             entries added or changed on {@code mfa.register}
 * @param tombstones          entries removed from {@code mfa.register} because they left the file
 * @param unchanged           valid entries already published as they are
 * @param problems            validation lines, one per problem, e.g. {@code row 12, field expiresAt: …}
 * @param hasErrors           true when any entry (or the file) is invalid
 * @param changes             one line per record written or to be written, keys only, e.g. {@code update EXC-1 on mfa.register}
 * @param principalUpserts    principals added or changed on {@code directory.principals}
 * @param principalTombstones principals removed from {@code directory.principals}
 * @param aliasUpserts        aliases added or moved to another principal on {@code directory.aliases}
 * @param aliasTombstones     aliases withdrawn from {@code directory.aliases}
 * @param notices             notices published (or due, in a dry run) to {@code mfa.register.notices}
 * @param dryRun              true when nothing was written
 */
public record SyncResult(int upserts, int tombstones, int unchanged, List<String> problems, boolean hasErrors,
                         List<String> changes, int principalUpserts, int principalTombstones, int aliasUpserts,
                         int aliasTombstones, int notices,
                         boolean dryRun) {
    public SyncResult {
        problems = List.copyOf(problems);
        changes = List.copyOf(changes);
    }

    public String summary() {
        return (dryRun ? "dry run, would publish: " : "published: ") + upserts + " upserts, " + tombstones
                + " tombstones, " + unchanged + " unchanged; principals " + principalUpserts + " upserts, "
                + principalTombstones + " tombstones; aliases " + aliasUpserts + " upserts, " + aliasTombstones
                + " tombstones; " + notices + " notices; " + problems.size() + " problems"
                + (hasErrors ? " (invalid entries were not published)" : "");
    }
}
