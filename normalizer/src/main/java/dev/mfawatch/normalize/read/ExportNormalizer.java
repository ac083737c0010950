package dev.mfawatch.normalize.read;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.Normalizer;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Normalizers;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.session.InMemorySessionStore;
import dev.mfawatch.normalize.session.SessionMfaCorrelator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The offline pipeline every command shares: {@link ExportReader} → the source's {@link Normalizer}
 * → (unless turned off) the same session correlation as the live topology, which merges Okta's
 * session starts and MFA steps (30 s wait of event time, input order). Canonical events, skips and
 * failures are reported to a {@link Listener}; {@link #summary()} counts them, and every command
 * words positions and the summary the same way ({@link #position}, {@link Summary#line()}).
 */
public final class ExportNormalizer {

    /** What a run reports. Every method is optional. */
    public interface Listener {
        /** A canonical {@link SignInEvent} or {@link DirectoryChange}, in output order. */
        default void event(Object event) {
        }

        /** One record and its normalizer result, before correlation (backtest pipes the record itself). */
        default void record(ExportReader.Record record, NormalizeResult result) {
        }

        /** A skipped event ({@link Outcome.Skip}) or a failed one ({@link Outcome.Failure}) and where it is. */
        default void problem(Outcome outcome, String position) {
        }
    }

    /** Counts of one run; reason maps are sorted. {@code dropped}: values set aside as nonsense, by reason. */
    public record Summary(int events, int skipped, Map<String, Integer> skipReasons, int failed,
                          Map<String, Integer> failReasons, Map<String, Integer> dropped) {
        /**
         * {@code 12 events, 3 skipped {unknown_event_type=3}, 1 failed {invalid_json=1}}, then
         * {@code , 2 values dropped {latitude_out_of_range=2}} when any was.
         */
        public String line() {
            return events + " events, " + skipped + " skipped " + skipReasons + ", " + failed + " failed " + failReasons
                    + droppedPart();
        }

        /** Empty when nothing was dropped, so clean runs read as before. */
        public String droppedPart() {
            int n = dropped.values().stream().mapToInt(Integer::intValue).sum();
            return n == 0 ? "" : ", " + n + " values dropped " + dropped;
        }
    }

    private final Normalizer normalizer;
    private final SessionMfaCorrelator correlator;
    private int events;
    private int skipped;
    private int failed;
    private final Map<String, Integer> skipReasons = new TreeMap<>();
    private final Map<String, Integer> failReasons = new TreeMap<>();
    private final Map<String, Integer> dropped = new TreeMap<>();

    /** @throws IllegalArgumentException for an unknown source */
    public ExportNormalizer(String source, NormalizerConfig config, boolean correlate) {
        this.normalizer = Normalizers.forSource(source, config);
        this.correlator = correlate ? new SessionMfaCorrelator(new InMemorySessionStore()) : null;
    }

    /** Reads and normalizes every input, then releases the sessions still held. */
    public void run(List<String> inputs, InputStream stdin, Listener listener) throws IOException {
        ExportReader.read(inputs, stdin, r -> accept(r, listener));
        finish(listener);
    }

    /** Normalizes one record and reports its outcomes; returns the normalizer's result. */
    public NormalizeResult accept(ExportReader.Record record, Listener listener) {
        NormalizeResult result = normalizer.normalize(record.bytes(), record.origin());
        listener.record(record, result);
        result.dropped().forEach((reason, n) -> dropped.merge(reason, n, Integer::sum));
        for (Outcome o : result.outcomes()) {
            if (o instanceof Outcome.SignIn s) {
                if (correlator == null) {
                    emit(s.event(), listener);
                } else {
                    correlator.accept(s.event(), s.part()).forEach(e -> emit(e, listener));
                }
            } else if (o instanceof Outcome.Change c) {
                emit(c.change(), listener);
            } else if (o instanceof Outcome.Skip s) {
                skipped++;
                skipReasons.merge(s.reason(), 1, Integer::sum);
                listener.problem(o, position(record, o));
            } else if (o instanceof Outcome.Failure f) {
                failed++;
                failReasons.merge(f.reason(), 1, Integer::sum);
                listener.problem(o, position(record, o));
            }
        }
        return result;
    }

    /** Releases every session start still waiting for its MFA steps (end of input). */
    public void finish(Listener listener) {
        if (correlator != null) {
            correlator.flush().forEach(e -> emit(e, listener));
        }
    }

    private void emit(Object event, Listener listener) {
        events++;
        listener.event(event);
    }

    public Summary summary() {
        return new Summary(events, skipped, new TreeMap<>(skipReasons), failed, new TreeMap<>(failReasons),
                new TreeMap<>(dropped));
    }

    /**
     * Where an outcome came from: {@code line 3}, {@code line 1, element 2}, {@code line 5, element 0, event 1},
     * then {@code (id …)} when the provider gave one; prefixed by the file's path inside a directory
     * ({@code AWSLogs/…/file.json.gz line 1, element 4}). Lines are 1-based, elements and events 0-based.
     */
    public static String position(ExportReader.Record record, Outcome o) {
        return position(record, o.element(), o.item(), o.raw().recordId());
    }

    /** Where a record starts, for a problem with the record as a whole: {@code line 3}, {@code line 1, element 2}. */
    public static String position(ExportReader.Record record) {
        return position(record, -1, 0, null);
    }

    private static String position(ExportReader.Record record, int outcomeElement, int item, String id) {
        StringBuilder b = new StringBuilder();
        if (record.inDirectory()) {
            b.append(record.name()).append(' ');
        }
        b.append("line ").append(record.line());
        int element = record.element() >= 0 ? record.element() : outcomeElement;
        if (record.element() >= 0 || outcomeElement > 0 || item > 0) {
            b.append(", element ").append(element);
        }
        if (item > 0) {
            b.append(", event ").append(item);
        }
        if (id != null && id.length() <= 128) {
            b.append(" (id ").append(id).append(')');
        }
        return b.toString();
    }
}
