package dev.mfawatch.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the module's own fixtures from {@code src/test/resources/fixtures/<source>/}. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] bytes(String source, String file) {
        String path = "/fixtures/" + source + "/" + file;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String source, String file) {
        return new String(bytes(source, file), StandardCharsets.UTF_8);
    }

    /** JSON written with single quotes for readability in a test ({@code {'a':1}}). */
    public static com.fasterxml.jackson.databind.JsonNode singleQuoted(String json) {
        try {
            return dev.mfawatch.model.Json.MAPPER.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NormalizeResult normalize(String source, String file) {
        return Normalizers.forSource(source).normalize(bytes(source, file), RecordOrigin.kafka("idp.raw." + source, 2, 42L));
    }
}
