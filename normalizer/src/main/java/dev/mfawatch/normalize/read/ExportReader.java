package dev.mfawatch.normalize.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The one reader of provider export files, used by {@code normalize}, {@code backtest},
 * {@code drift} and {@code replay}. It turns files into records of one event each, with the
 * position each came from:
 * <ul>
 *   <li>an input is a file, a directory (read recursively in name order, as CloudTrail's S3 layout
 *       and Azure Monitor's blob export lay files out; hidden files and CloudTrail digest files are
 *       not logs and are passed over) or {@code -} for standard input;</li>
 *   <li>gzip is recognised by its magic bytes, whatever the name ({@code .json.gz});</li>
 *   <li>CSV (a {@code .csv} name, or text that does not start like JSON) is read with
 *       {@link CsvRows}: one object per row;</li>
 *   <li>otherwise JSON: one or more documents (pretty-printed or one per line), each split by the
 *       shared {@link Envelopes} rules; when the input is not a sequence of JSON documents (a bad
 *       line, bytes that are not UTF-8) it is read as JSON lines, so one bad line spoils only
 *       itself and is reported by the normalizer with its line number.</li>
 * </ul>
 * An event's bytes are its original bytes where it had its own (a line, an array element, an
 * envelope element), so nothing is re-encoded; table rows and CSV rows are new compact objects.
 */
public final class ExportReader {

    /** Standard input. */
    public static final String STDIN = "-";

    /**
     * One event read from an export.
     *
     * @param name    the file as reported: its name, its path under the directory given, or {@code stdin}
     * @param line    the 1-based line the event starts on
     * @param element its 0-based index in its document's array or envelope, -1 when the document is the event
     * @param inDirectory true when the input was a directory (messages then name the file)
     */
    public record Record(byte[] bytes, String name, long line, int element, boolean inDirectory) {

        /** The origin the normalizers put in each event's raw reference: {@code file:<name>} (or {@code stdin}) and the line. */
        public dev.mfawatch.normalize.RecordOrigin origin() {
            return dev.mfawatch.normalize.RecordOrigin.file(name.equals("stdin") ? "stdin" : "file:" + name, line);
        }
    }

    /** Receives each record in input order. */
    @FunctionalInterface
    public interface Sink {
        void accept(Record record);
    }

    private ExportReader() {
    }

    /** Reads every input in order; {@code -} is standard input. */
    public static void read(List<String> inputs, InputStream stdin, Sink sink) throws IOException {
        for (String input : inputs) {
            read(input, stdin, sink);
        }
    }

    public static void read(String input, InputStream stdin, Sink sink) throws IOException {
        if (input.equals(STDIN)) {
            readBytes(stdin.readAllBytes(), "stdin", false, sink);
            return;
        }
        Path path = Path.of(input);
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(Files::isRegularFile).filter(p -> isLog(path.relativize(p)))
                        .sorted().toList();
            }
            for (Path f : files) {
                readBytes(Files.readAllBytes(f), path.relativize(f).toString(), true, sink);
            }
            return;
        }
        readBytes(Files.readAllBytes(path), path.getFileName().toString(), false, sink);
    }

    /** Not hidden (no part of the path starts with a dot) and not a CloudTrail digest (a signature file). */
    private static boolean isLog(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return !relative.toString().contains("CloudTrail-Digest");
    }

    /** Reads one file's bytes (plain or gzip). */
    public static void readBytes(byte[] raw, String name, boolean inDirectory, Sink sink) throws IOException {
        byte[] bytes = gunzipIfNeeded(raw);
        int start = bomLength(bytes);
        String plainName = name.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (plainName.endsWith(".csv") || (!plainName.endsWith(".json") && !plainName.endsWith(".jsonl")
                && looksLikeCsv(bytes, start))) {
            CsvRows.read(bytes, start, (row, line) -> sink.accept(new Record(row, name, line, -1, inDirectory)));
            return;
        }
        Slicer slicer = new Slicer(bytes, name, inDirectory, sink);
        try {
            slicer.documents(start, bytes.length, 1);
            slicer.flush();
        } catch (IOException | RuntimeException e) {
            slicer.discard();
            lines(bytes, start, name, inDirectory, sink);
        }
    }

    private static void lines(byte[] bytes, int from, String name, boolean inDirectory, Sink sink) {
        int start = from;
        long line = 1;
        for (int i = from; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                if (!isBlank(bytes, start, end)) {
                    Slicer one = new Slicer(bytes, name, inDirectory, sink);
                    try {
                        one.documents(start, end, line);
                        one.flush();
                    } catch (IOException | RuntimeException e) {
                        // Not JSON: the normalizer reports it, with this line number.
                        one.discard();
                        sink.accept(new Record(Arrays.copyOfRange(bytes, start, end), name, line, -1, inDirectory));
                    }
                }
                start = i + 1;
                line++;
            }
        }
    }

    /**
     * One pass over a range of JSON documents with a streaming parser, cutting each event's bytes out
     * of the input. Records are held back until the whole range parsed, so that a range that turns
     * out not to be JSON documents can be re-read as lines without emitting anything twice.
     */
    private static final class Slicer {
        private final byte[] bytes;
        private final String name;
        private final boolean inDirectory;
        private final Sink sink;
        private final java.util.ArrayList<Record> pending = new java.util.ArrayList<>();
        private int base;
        private long lineBase;
        private int element;

        Slicer(byte[] bytes, String name, boolean inDirectory, Sink sink) {
            this.bytes = bytes;
            this.name = name;
            this.inDirectory = inDirectory;
            this.sink = sink;
        }

        void documents(int from, int to, long firstLine) throws IOException {
            base = from;
            lineBase = firstLine;
            try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes, from, to - from)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    element = 0;
                    value(p, t, 0);
                }
            }
        }

        /** Handles the value starting at the current token; leaves the parser on its last token. */
        private void value(JsonParser p, JsonToken t, int depth) throws IOException {
            long start = p.currentTokenLocation().getByteOffset();
            long line = p.currentTokenLocation().getLineNr();
            if (t == JsonToken.START_ARRAY && depth < Envelopes.MAX_DEPTH) {
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new IOException("truncated array");
                    }
                    value(p, e, depth + 1);
                }
                return;
            }
            if (t == JsonToken.START_OBJECT && depth < Envelopes.MAX_DEPTH) {
                boolean envelope = false;
                JsonToken f;
                while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (!envelope && v == JsonToken.START_ARRAY && Envelopes.KEYS.contains(field)) {
                        envelope = true;
                        value(p, v, depth + 1);
                    } else if (!envelope && v == JsonToken.START_ARRAY && field.equals(Envelopes.TABLES)) {
                        JsonNode tables = p.readValueAsTree();
                        if (Envelopes.isTables(tables)) {
                            envelope = true;
                            for (JsonNode row : Envelopes.rows(tables)) {
                                emit(Json.MAPPER.writeValueAsBytes(row), line, depth + 1);
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (f != JsonToken.END_OBJECT) {
                    throw new IOException("truncated object");
                }
                if (envelope) {
                    return;
                }
            } else {
                p.skipChildren();
            }
            long end = p.currentLocation().getByteOffset();
            emit(Arrays.copyOfRange(bytes, base + (int) start, base + (int) end), line, depth);
        }

        /** Element -1 for a document that is itself the event, else the running index of its events. */
        private void emit(byte[] event, long line, int depth) {
            pending.add(new Record(event, name, lineBase + line - 1, depth == 0 ? -1 : element++, inDirectory));
        }

        void flush() {
            pending.forEach(sink::accept);
            pending.clear();
        }

        void discard() {
            pending.clear();
        }
    }

    private static boolean looksLikeCsv(byte[] bytes, int start) {
        int i = start;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        if (i >= bytes.length || bytes[i] == '{' || bytes[i] == '[') {
            return false;
        }
        for (int j = i; j < bytes.length && bytes[j] != '\n'; j++) {
            if (bytes[j] == ',') {
                return true;
            }
        }
        return false;
    }

    static int bomLength(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF
                ? 3 : 0;
    }

    static byte[] gunzipIfNeeded(byte[] bytes) throws IOException {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
