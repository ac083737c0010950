package dev.mfawatch.normalize;

import dev.mfawatch.model.Topics;
import dev.mfawatch.normalize.cloudtrail.CloudTrailNormalizer;
import dev.mfawatch.normalize.entra.EntraAuditNormalizer;
import dev.mfawatch.normalize.entra.EntraSignInNormalizer;
import dev.mfawatch.normalize.google.GoogleNormalizer;
import dev.mfawatch.normalize.okta.OktaNormalizer;

/** The one list of normalizers, by source name ({@link Topics#RAW_SOURCES}). */
public final class Normalizers {

    private Normalizers() {
    }

    public static Normalizer forSource(String source) {
        return forSource(source, NormalizerConfig.DEFAULTS);
    }

    /** @throws IllegalArgumentException for a source not in {@link Topics#RAW_SOURCES} */
    public static Normalizer forSource(String source, NormalizerConfig config) {
        if (source == null) {
            throw new IllegalArgumentException("source is required");
        }
        return switch (source) {
            case EntraSignInNormalizer.SOURCE -> new EntraSignInNormalizer(config);
            case EntraAuditNormalizer.SOURCE -> new EntraAuditNormalizer(config);
            case OktaNormalizer.SOURCE -> new OktaNormalizer(config);
            case CloudTrailNormalizer.SOURCE -> new CloudTrailNormalizer(config);
            case GoogleNormalizer.SOURCE -> new GoogleNormalizer(config);
            default -> throw new IllegalArgumentException("unknown source '" + source + "', expected one of "
                    + Topics.RAW_SOURCES);
        };
    }
}
