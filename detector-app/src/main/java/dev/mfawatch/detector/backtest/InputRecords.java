package dev.mfawatch.detector.backtest;

import dev.mfawatch.model.Topics;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.normalize.NormalizeResult;
import dev.mfawatch.normalize.NormalizerConfig;
import dev.mfawatch.normalize.Outcome;
import dev.mfawatch.normalize.read.ExportNormalizer;
import dev.mfawatch.normalize.read.ExportReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns one {@link Backtest.Input} into the Kafka records the live pipeline would receive, read by
 * the same {@link ExportReader} as {@code normalize}: {@code backtest} pipes them into its test
 * driver and {@code replay} publishes them, so both feed exactly the same records.
 * <ul>
 *   <li>a raw source: each provider event as read, no key, timed by its earliest canonical time
 *       (normalized first, as {@code normalize} does); one that yields no canonical event (a skip or a
 *       failure) comes with a {@code null} time and is reported in {@code normalize}'s words;</li>
 *   <li>{@code canonical}: each SignInEvent keyed by principal id, timed by its event time;</li>
 *   <li>{@code changes}: each DirectoryChange once per target, keyed by that target.</li>
 * </ul>
 */
public final class InputRecords {

    /** One record for {@code topic}; {@code time} is the event's own time, {@code null} when it has none. */
    public record Rec(String topic, String key, byte[] value, Instant time) {
    }

    private InputRecords() {
    }

    /**
     * Reads {@code in} and hands each record to {@code sink}, each unreadable event to {@code problems}
     * ({@code INPUT: POSITION: reason: message}); returns the input's summary in {@code normalize}'s words.
     */
    public static String read(Backtest.Input in, NormalizerConfig normalizer, InputStream stdin, Consumer<Rec> sink,
                              Consumer<String> problems) throws IOException {
        return in.raw() ? readRaw(in, normalizer, stdin, sink, problems) : readCanonical(in, stdin, sink, problems);
    }

    private static String readRaw(Backtest.Input in, NormalizerConfig normalizer, InputStream stdin, Consumer<Rec> sink,
                                  Consumer<String> problems) throws IOException {
        ExportNormalizer pipeline = new ExportNormalizer(in.source(), normalizer, false);
        pipeline.run(List.of(in.path()), stdin, new ExportNormalizer.Listener() {
            @Override
            public void record(ExportReader.Record record, NormalizeResult result) {
                Instant time = null;
                for (Outcome o : result.outcomes()) {
                    Instant t = o instanceof Outcome.SignIn s ? s.event().time()
                            : o instanceof Outcome.Change c ? c.change().time() : null;
                    if (t != null && (time == null || t.isBefore(time))) {
                        time = t;
                    }
                }
                sink.accept(new Rec(in.topic(), null, record.bytes(), time));
            }

            @Override
            public void problem(Outcome o, String position) {
                if (o instanceof Outcome.Failure f) {
                    problems.accept(in + ": " + position + ": " + f.reason() + ": " + f.message());
                }
            }
        });
        return pipeline.summary().line();
    }

    /** Canonical sign-ins and changes; a record that does not parse is reported, not passed on. */
    private static String readCanonical(Backtest.Input in, InputStream stdin, Consumer<Rec> sink,
                                        Consumer<String> problems) throws IOException {
        int[] counts = new int[2];
        ExportReader.read(in.path(), stdin, r -> {
            try {
                if (in.source().equals(Backtest.CANONICAL)) {
                    SignInEvent e = Topics.SIGNIN_SERDE.read(r.bytes());
                    sink.accept(new Rec(in.topic(), e.principal().id(), r.bytes(), e.time()));
                } else {
                    DirectoryChange c = Topics.CHANGE_SERDE.read(r.bytes());
                    if (c.targets().isEmpty()) {
                        throw new IllegalArgumentException("change " + c.eventId() + " names no target");
                    }
                    for (String target : c.targets()) {
                        sink.accept(new Rec(in.topic(), target, r.bytes(), c.time()));
                    }
                }
                counts[0]++;
            } catch (RuntimeException e) {
                counts[1]++;
                problems.accept(in + ": " + ExportNormalizer.position(r) + ": invalid_record: " + e.getMessage());
            }
        });
        return new ExportNormalizer.Summary(counts[0], 0, Map.of(), counts[1],
                counts[1] == 0 ? Map.of() : Map.of("invalid_record", counts[1]), Map.of()).line();
    }
}
