package dev.mfawatch.normalize;

import dev.mfawatch.normalize.geo.GeoIpDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of a normalizer. {@code maxRecordBytes} bounds one Kafka record / file element;
 * {@code geoIp}, when set, locates sign-ins that have a public IP but no coordinates (see
 * {@link dev.mfawatch.normalize.geo.NetworkSanitizer}). The database is opened once per process
 * and shared by every normalizer; whoever built the config closes it ({@link #close()}) on shutdown.
 */
public record NormalizerConfig(int maxRecordBytes, GeoIpDatabase geoIp) implements AutoCloseable {

    /** Path of a MaxMind-format City database ({@code .mmdb}); unset = no geolocation. */
    public static final String GEOIP_DB = "MFAWATCH_GEOIP_DB";

    /** 1 MiB: a real Entra sign-in averages 11.5 KB, a CloudTrail file element a few KB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    public static final NormalizerConfig DEFAULTS = new NormalizerConfig(DEFAULT_MAX_RECORD_BYTES);

    public NormalizerConfig {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive");
        }
    }

    /** Without geolocation. */
    public NormalizerConfig(int maxRecordBytes) {
        this(maxRecordBytes, null);
    }

    /**
     * The defaults plus {@value #GEOIP_DB} from {@code env} (normally {@code System.getenv()}, read by
     * the command only). Opens the database now, so a bad path fails at startup, not mid-stream.
     *
     * @throws IllegalArgumentException naming the variable and the path when the file is missing,
     *                                  unreadable or not a City database
     */
    public static NormalizerConfig from(Map<String, String> env) {
        String path = env.get(GEOIP_DB);
        if (path == null || path.isBlank()) {
            return DEFAULTS;
        }
        try {
            return new NormalizerConfig(DEFAULT_MAX_RECORD_BYTES, GeoIpDatabase.open(Path.of(path.trim())));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(GEOIP_DB + ": cannot open " + path.trim() + " as a MaxMind City database: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** The same settings with another record size limit (the database stays shared). */
    public NormalizerConfig withMaxRecordBytes(int bytes) {
        return new NormalizerConfig(bytes, geoIp);
    }

    /** Closes the geolocation database, if any. */
    @Override
    public void close() {
        if (geoIp != null) {
            try {
                geoIp.close();
            } catch (IOException e) {
                // Unmapping a read-only file: nothing to save and nobody to tell at shutdown.
            }
        }
    }
}
