package dev.mfawatch.normalize.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A MaxMind-format City database ({@code .mmdb}: MaxMind GeoIP2 / GeoLite2 City, or another
 * vendor's City database in the same layout), read with MaxMind's own reader. The file is
 * memory-mapped once per process and shared by every thread (the reader is thread-safe); decoded
 * records are cached by MaxMind's {@link CHMCache}, so sign-ins from one network decode it once.
 * Close it when the process stops.
 */
public final class GeoIpDatabase implements Closeable {

    /** Entries of MaxMind's decoded-record cache (its default): a few MB at most. */
    private static final int CACHE_ENTRIES = 4096;

    private final Reader reader;
    private final Path file;
    private final LongAdder lookups = new LongAdder();

    private GeoIpDatabase(Reader reader, Path file) {
        this.reader = reader;
        this.file = file;
    }

    /**
     * Opens {@code file} memory-mapped.
     *
     * @throws IOException if it cannot be read, is not a MaxMind database, or holds no city locations
     *                     (a Country or ASN database)
     */
    public static GeoIpDatabase open(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IOException("not a readable file");
        }
        Reader reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache(CACHE_ENTRIES));
        String type = reader.getMetadata().databaseType();
        if (type == null || !type.toLowerCase(Locale.ROOT).contains("city")) {
            reader.close();
            throw new IOException("database type '" + type + "' is not a City database (no coordinates)");
        }
        return new GeoIpDatabase(reader, file);
    }

    /** Where {@code address} is, if the database knows; empty for addresses it does not cover. */
    public Optional<GeoFix> locate(InetAddress address) {
        lookups.increment();
        CityRecord r;
        try {
            r = reader.get(address, CityRecord.class);
        } catch (IOException | RuntimeException e) {
            // A corrupt region of the file or a record of another layout: no location, never a failed sign-in.
            return Optional.empty();
        }
        if (r == null || r.location == null || r.location.latitude == null || r.location.longitude == null) {
            return Optional.empty();
        }
        Location l = r.location;
        return Optional.of(new GeoFix(r.country == null ? null : r.country.isoCode,
                r.city == null || r.city.names == null ? null : r.city.names.get("en"),
                l.latitude, l.longitude, l.accuracyRadius == null ? null : l.accuracyRadius.doubleValue()));
    }

    /** The database's type and build date, for the startup log. */
    public String description() {
        Metadata m = reader.getMetadata();
        return m.databaseType() + " built " + m.buildTime();
    }

    /** Lookups so far, found or not. */
    public long lookups() {
        return lookups.sum();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return "GeoIpDatabase{" + file + "}";
    }

    // The subset of the GeoIP2 City record layout that is read; other keys are skipped by the decoder.

    /** A record of a City database. */
    public static final class CityRecord {
        final Country country;
        final City city;
        final Location location;

        @MaxMindDbConstructor
        public CityRecord(@MaxMindDbParameter(name = "country") Country country,
                          @MaxMindDbParameter(name = "city") City city,
                          @MaxMindDbParameter(name = "location") Location location) {
            this.country = country;
            this.city = city;
            this.location = location;
        }
    }

    /** {@code country}: ISO 3166-1 alpha-2. */
    public static final class Country {
        final String isoCode;

        @MaxMindDbConstructor
        public Country(@MaxMindDbParameter(name = "iso_code") String isoCode) {
            this.isoCode = isoCode;
        }
    }

    /** {@code city}: localized names. */
    public static final class City {
        final Map<String, String> names;

        @MaxMindDbConstructor
        public City(@MaxMindDbParameter(name = "names") Map<String, String> names) {
            this.names = names;
        }
    }

    /** {@code location}: coordinates and the radius (km) around them in which the address most likely is. */
    public static final class Location {
        final Double latitude;
        final Double longitude;
        final Integer accuracyRadius;

        @MaxMindDbConstructor
        public Location(@MaxMindDbParameter(name = "latitude") Double latitude,
                        @MaxMindDbParameter(name = "longitude") Double longitude,
                        @MaxMindDbParameter(name = "accuracy_radius") Integer accuracyRadius) {
            this.latitude = latitude;
            this.longitude = longitude;
            this.accuracyRadius = accuracyRadius;
        }
    }
}
