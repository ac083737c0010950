package dev.mfawatch.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example register and identity inventory shipped with the demo ({@code examples/register.csv},
 * {@code examples/principals.json}). Their dates are written as seen on {@link #WRITTEN_ON}; the demo
 * moves every date by the days since then, so that on any day the same entries are active, expired and
 * pending, and the same people joined as many days ago, as the files describe.
 */
public final class ExampleRegister {

    public static final String RESOURCE = "/examples/register.csv";
    public static final String INVENTORY_RESOURCE = "/examples/principals.json";
    public static final LocalDate WRITTEN_ON = LocalDate.of(2026, 11, 23);

    private static final Pattern DATE = Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2})(?=[T,;\\s]|$)");

    private ExampleRegister() {
    }

    public static String text() {
        return text(RESOURCE);
    }

    static String text(String resource) {
        try (InputStream in = ExampleRegister.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The register text with every ISO date moved so that {@link #WRITTEN_ON} becomes {@code today}. */
    public static String shiftedTo(String text, LocalDate today) {
        long days = ChronoUnit.DAYS.between(WRITTEN_ON, today);
        Matcher m = DATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, LocalDate.parse(m.group(1)).plusDays(days).toString());
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Writes the register, dated for {@code today}, into {@code dir}. */
    public static Path writeFor(LocalDate today, Path dir) {
        return write(RESOURCE, "register.csv", today, dir);
    }

    /** Writes the identity inventory, dated for {@code today}, into {@code dir}. */
    public static Path writeInventoryFor(LocalDate today, Path dir) {
        return write(INVENTORY_RESOURCE, "principals.json", today, dir);
    }

    private static Path write(String resource, String name, LocalDate today, Path dir) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, shiftedTo(text(resource), today), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
