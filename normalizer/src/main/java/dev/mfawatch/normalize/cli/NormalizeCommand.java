package dev.mfawatch.normalize.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.Reasons;
import dev.mfawatch.model.Topics;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Normalizer;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Normalizers;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.RecordOrigin;
import dev.mfawatch.normalize.okta.OktaNormalizer;
import dev.mfawatch.normalize.session.InMemorySessionStore;
import dev.mfawatch.normalize.session.SessionMfaCorrelator;
import dev.mfawatch.model.signin.SignInEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mfa-watch normalize --source S [FILE|-]}: checks offline, without a broker, that a
 * provider export is understood. Prints canonical events as JSON lines on stdout; every record
 * that cannot be mapped goes to stderr with its position and reason; a summary line ends stderr.
 */
@Command(name = "normalize", mixinStandardHelpOptions = true,
        description = {"Turns an identity-provider export into canonical sign-in and directory-change events "
                + "(JSON lines on stdout), reporting every record it cannot map on stderr.",
                "Input: JSON lines, a JSON array, a provider envelope ({\"value\":[…]}, {\"records\":[…]}, "
                        + "{\"Records\":[…]}, {\"items\":[…]}) or several JSON documents one after another."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the input was read; every mappable event was printed (unmappable records are on stderr)",
            "1:--strict was given and at least one record could not be mapped",
            "2:usage error (unknown --source, bad option)",
            "3:the input could not be read"})
public final class NormalizeCommand implements Callable<Integer> {

    public static final int EXIT_STRICT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREADABLE = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "SOURCE",
            description = "One of: entra-signin, entra-audit, okta, cloudtrail, google.")
    private String source;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "-",
            description = "The export to read; - (the default) reads stdin.")
    private String file;

    @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "" + NormalizerConfig.DEFAULT_MAX_RECORD_BYTES,
            description = "Largest record (line, array element or document) accepted (default: ${DEFAULT-VALUE}).")
    private int maxRecordBytes;

    @Option(names = "--strict", description = "Exit 1 when any record could not be mapped.")
    private boolean strict;

    @Option(names = "--show-skipped", description = "Also list deliberately skipped events on stderr.")
    private boolean showSkipped;

    @Option(names = "--no-correlate", negatable = false,
            description = "Okta: print session starts, MFA steps and policy evaluations as they are, instead of "
                    + "merging each session's MFA steps into its session start (30 s wait, as the live topology).")
    private boolean noCorrelate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Topics.RAW_SOURCES.contains(source)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --source '" + source
                    + "', expected one of " + Topics.RAW_SOURCES);
        }
        if (maxRecordBytes <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-record-bytes must be positive");
        }
        byte[] input;
        String label;
        try {
            if (file.equals("-")) {
                input = readAll(System.in);
                label = "stdin";
            } else {
                input = Files.readAllBytes(Path.of(file));
                label = "file:" + Path.of(file).getFileName();
            }
        } catch (IOException | RuntimeException e) {
            err.println("normalize: cannot read " + file + ": " + Reasons.of(e));
            err.flush();
            return EXIT_UNREADABLE;
        }
        Normalizer normalizer = Normalizers.forSource(source, new NormalizerConfig(maxRecordBytes));
        Counts counts = new Counts();
        SessionMfaCorrelator correlator = source.equals(OktaNormalizer.SOURCE) && !noCorrelate
                ? new SessionMfaCorrelator(new InMemorySessionStore()) : null;
        for (Chunk chunk : split(input)) {
            NormalizeResult r = normalizer.normalize(chunk.bytes(), RecordOrigin.file(label, chunk.line()));
            for (Outcome o : r.outcomes()) {
                if (correlator != null && o instanceof Outcome.SignIn s) {
                    correlator.accept(s.event(), s.part()).forEach(e -> print(e, out, err, counts));
                } else {
                    report(o, chunk, out, err, counts);
                }
            }
        }
        if (correlator != null) {
            correlator.flush().forEach(e -> print(e, out, err, counts));
        }
        err.println("normalize: " + counts.events + " events printed, " + counts.skipped + " skipped "
                + counts.skipReasons + ", " + counts.failed + " failed " + counts.failReasons);
        out.flush();
        err.flush();
        return strict && counts.failed > 0 ? EXIT_STRICT_FAILURE : 0;
    }

    private static final class Counts {
        int events;
        int skipped;
        int failed;
        final Map<String, Integer> skipReasons = new TreeMap<>();
        final Map<String, Integer> failReasons = new TreeMap<>();
    }

    private void report(Outcome o, Chunk chunk, PrintWriter out, PrintWriter err, Counts counts) {
        try {
            if (o instanceof Outcome.SignIn s) {
                out.println(Json.MAPPER.writeValueAsString(s.event()));
                counts.events++;
            } else if (o instanceof Outcome.Change c) {
                out.println(Json.MAPPER.writeValueAsString(c.change()));
                counts.events++;
            } else if (o instanceof Outcome.Skip s) {
                counts.skipped++;
                counts.skipReasons.merge(s.reason(), 1, Integer::sum);
                if (showSkipped) {
                    err.println(position(chunk, o) + ": skipped: " + s.reason());
                }
            } else if (o instanceof Outcome.Failure f) {
                counts.failed++;
                counts.failReasons.merge(f.reason(), 1, Integer::sum);
                err.println(position(chunk, o) + ": " + f.reason() + ": " + f.message());
            }
        } catch (IOException e) {
            counts.failed++;
            counts.failReasons.merge("serialization_error", 1, Integer::sum);
            err.println(position(chunk, o) + ": serialization_error: " + Reasons.of(e));
        }
    }

    private static void print(SignInEvent e, PrintWriter out, PrintWriter err, Counts counts) {
        try {
            out.println(Json.MAPPER.writeValueAsString(e));
            counts.events++;
        } catch (IOException ex) {
            counts.failed++;
            counts.failReasons.merge("serialization_error", 1, Integer::sum);
            err.println("event " + e.eventId() + ": serialization_error: " + Reasons.of(ex));
        }
    }

    /** "line 3", "line 1, element 2", "line 5, element 0, event 1": 1-based lines, 0-based elements. */
    private static String position(Chunk chunk, Outcome o) {
        StringBuilder b = new StringBuilder("line ").append(chunk.line());
        int element = chunk.element() >= 0 ? chunk.element() : o.element();
        if (chunk.element() >= 0 || o.element() > 0 || o.item() > 0) {
            b.append(", element ").append(element);
        }
        if (o.item() > 0) {
            b.append(", event ").append(o.item());
        }
        String id = o.raw().recordId();
        if (id != null && id.length() <= 128) {
            b.append(" (id ").append(id).append(')');
        }
        return b.toString();
    }

    /** One record to normalize: its bytes, the line it starts on, its index in a top-level array (else -1). */
    record Chunk(byte[] bytes, long line, int element) {
    }

    /**
     * Detects the input's layout. One or more JSON documents (pretty-printed or one per line): each
     * document is a record, except that a lone top-level array is split into its elements so the
     * size limit applies per element. Input that does not parse as a sequence of documents (a bad
     * line, non-UTF-8 bytes) is read as JSON lines, so one bad line spoils only itself.
     */
    static List<Chunk> split(byte[] input) {
        try {
            return documents(input);
        } catch (IOException | RuntimeException e) {
            return lines(input);
        }
    }

    private static List<Chunk> documents(byte[] input) throws IOException {
        List<Chunk> docs = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(input)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                long start = p.currentTokenLocation().getByteOffset();
                long line = p.currentTokenLocation().getLineNr();
                if (t == JsonToken.START_ARRAY && docs.isEmpty()) {
                    List<Chunk> elements = new ArrayList<>();
                    int index = 0;
                    JsonToken e;
                    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (e == null) {
                            throw new IOException("truncated array");
                        }
                        long s = p.currentTokenLocation().getByteOffset();
                        long l = p.currentTokenLocation().getLineNr();
                        p.skipChildren();
                        elements.add(new Chunk(slice(input, s, p.currentLocation().getByteOffset()), l, index++));
                    }
                    if (p.nextToken() == null) {
                        return elements;
                    }
                    throw new IOException("more than one document after a top-level array");
                }
                p.skipChildren();
                docs.add(new Chunk(slice(input, start, p.currentLocation().getByteOffset()), line, -1));
            }
        }
        return docs;
    }

    private static List<Chunk> lines(byte[] input) {
        List<Chunk> out = new ArrayList<>();
        int start = 0;
        long line = 1;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == '\n') {
                int end = i > start && input[i - 1] == '\r' ? i - 1 : i;
                byte[] bytes = Arrays.copyOfRange(input, start, end);
                if (!isBlank(bytes)) {
                    out.add(new Chunk(bytes, line, -1));
                }
                start = i + 1;
                line++;
            }
        }
        return out;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] input, long start, long end) {
        return Arrays.copyOfRange(input, (int) start, (int) end);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NormalizeCommand()).execute(args));
    }
}
