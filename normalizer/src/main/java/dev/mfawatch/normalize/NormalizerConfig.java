package dev.mfawatch.normalize;

/** Limits of a normalizer. {@code maxRecordBytes} bounds one Kafka record / file element. */
public record NormalizerConfig(int maxRecordBytes) {

    /** 1 MiB: a real Entra sign-in averages 11.5 KB, a CloudTrail file element a few KB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    public static final NormalizerConfig DEFAULTS = new NormalizerConfig(DEFAULT_MAX_RECORD_BYTES);

    public NormalizerConfig {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive");
        }
    }
}
