package dev.mfawatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.register.ExceptionEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof 4 of issue 11: {@code register-sync} killed with SIGKILL in the middle of publishing an
 * edited register, twice, then run to completion. Each run is the launcher's own JVM
 * ({@code java -jar target/mfa-watch.jar register-sync}). A broker-side producer quota on
 * register-sync's client id slows publishing enough to kill it part-way, as a slow or distant
 * cluster would; it is lifted for the final run.
 *
 * <p>Holds: the compacted view of {@code mfa.register} (last value per key, tombstones remove)
 * equals the file; and no entry that is in both the old and the new file is ever tombstoned — a
 * consumer tailing the topic through every run sees no tombstone for one, so the detector never
 * loses an approved entry, even while a run is half done (upserts go before tombstones, each key
 * is one record; see {@code Publisher} and {@code Diff}).
 */
class RegisterSyncKillProofIT {

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    private static final Path JAR = Path.of("target", "mfa-watch.jar");
    /** The launcher's client id for register-sync's producer (Publisher). */
    private static final String CLIENT_ID = "mfawatch-register-sync";
    /** Entries are in force and no notice is due at this instant. */
    private static final String NOW = "2026-11-10T00:00:00Z";
    private static final int BEFORE = 2_000;
    private static final int REMOVED = 200;
    private static final int EDITED = 300;
    private static final int ADDED = 6_000;
    private static final int KILLS = 2;

    @TempDir
    Path dir;

    @Test
    void killedMidPublishThenReRunEndsInTheFilesStateAndNeverDropsAKeptEntry() throws Exception {
        Template template = Template.fromExample();
        // Before: ids 0..1999. After: 200 removed (0..199), 300 edited (200..499, new ticket), 6,000 added.
        Map<String, String> before = new LinkedHashMap<>();
        for (int i = 0; i < BEFORE; i++) {
            before.put(id(i), "CHG-" + i);
        }
        Map<String, String> after = new LinkedHashMap<>();
        for (int i = REMOVED; i < BEFORE; i++) {
            after.put(id(i), i < REMOVED + EDITED ? "CHG-" + i + "-renewed" : "CHG-" + i);
        }
        for (int i = BEFORE; i < BEFORE + ADDED; i++) {
            after.put(id(i), "CHG-" + i);
        }
        Set<String> kept = new HashSet<>(before.keySet());
        kept.retainAll(after.keySet());
        Path oldFile = template.write(dir.resolve("register-before.csv"), before);
        Path newFile = template.write(dir.resolve("register-after.csv"), after);

        Run first = registerSync(oldFile);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(compacted()).containsExactlyInAnyOrderEntriesOf(before);

        try (Tail tail = new Tail(kept)) {
            int changes = REMOVED + EDITED + ADDED;
            throttle(200_000.0);
            long base = endOffsets();
            List<Long> publishedAtKill = new ArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                long start = endOffsets();
                Process p = start(newFile, "kill-" + k);
                // Some of this run's records are on the topic, not all: kill it there.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> endOffsets() - start >= 300 || !p.isAlive());
                assertThat(p.isAlive()).as("register-sync still publishing when killed").isTrue();
                p.destroyForcibly().waitFor();
                long written = endOffsets() - base;
                assertThat(written).as("records published before kill %d", k + 1).isLessThan(changes);
                publishedAtKill.add(written);
                // Half done: every kept entry is still there, at its old or its new value.
                Map<String, String> view = compacted();
                assertThat(view.keySet()).containsAll(kept);
                assertThat(tail.tombstonedKept()).isZero();
            }
            throttle(null);
            Run last = registerSync(newFile);
            assertThat(last.exitCode()).as(last.output()).isZero();

            Map<String, String> view = compacted();
            int diff = diff(view, after);
            await().atMost(Duration.ofSeconds(30)).until(() -> tail.position() >= endOffsets());
            assertThat(tail.tombstonedKept()).as("tombstones of entries in both files").isZero();
            assertThat(diff).isZero();
            assertThat(view).containsExactlyInAnyOrderEntriesOf(after);
            System.out.printf("PROOF register-sync-kill: entries=%d kills=%d final-diff=%d"
                            + " (before=%d removed=%d edited=%d added=%d; records on the topic at each kill %s of %d;"
                            + " kept entries tombstoned at any time: %d)%n",
                    after.size(), KILLS, diff, BEFORE, REMOVED, EDITED, ADDED, publishedAtKill, changes,
                    tail.tombstonedKept());
        }
    }

    private static String id(int i) {
        return String.format("EXC-2026-%05d", 10_000 + i);
    }

    /** Keys missing, extra, or with another ticket than the file's. */
    private static int diff(Map<String, String> view, Map<String, String> file) {
        Set<String> keys = new HashSet<>(view.keySet());
        keys.addAll(file.keySet());
        return (int) keys.stream().filter(k -> !java.util.Objects.equals(view.get(k), file.get(k))).count();
    }

    /** mfa.register read to its end: the last value per key (its ticket), tombstones remove. */
    private static Map<String, String> compacted() {
        Map<String, String> view = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            List<TopicPartition> parts = partitions(c);
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        view.remove(r.key());
                    } else {
                        view.put(r.key(), Topics.REGISTER_SERDE.read(r.value()).ticket());
                    }
                }
                return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
            });
        }
        return view;
    }

    private static long endOffsets() {
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            return c.endOffsets(partitions(c)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        return c.partitionsFor(Topics.REGISTER.name(), Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("enable.auto.commit", false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A producer byte-rate quota on register-sync's client id (null lifts it), in force before returning. */
    private static void throttle(Double bytesPerSecond) throws Exception {
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT_ID));
        try (Admin admin = Admin.create(kafka.clientProps())) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond))))).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<String, Double> q = admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get()
                        .getOrDefault(entity, Map.of());
                return bytesPerSecond == null ? !q.containsKey("producer_byte_rate")
                        : bytesPerSecond.equals(q.get("producer_byte_rate"));
            });
        }
    }

    /**
     * Tails mfa.register from its beginning through every run, counting tombstones of entries that
     * both files hold (none may ever appear).
     */
    private static final class Tail implements AutoCloseable {
        private final Set<String> kept;
        private final AtomicInteger tombstonedKept = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong position = new java.util.concurrent.atomic.AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Tail(Set<String> kept) {
            this.kept = Set.copyOf(kept);
            this.thread = new Thread(this::run, "register-tail");
            thread.start();
        }

        private void run() {
            try (KafkaConsumer<String, byte[]> c = consumer()) {
                List<TopicPartition> parts = partitions(c);
                c.assign(parts);
                c.seekToBeginning(parts);
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                        if (r.value() == null && kept.contains(r.key())) {
                            tombstonedKept.incrementAndGet();
                        }
                    }
                    position.set(parts.stream().mapToLong(c::position).sum());
                }
            }
        }

        int tombstonedKept() {
            return tombstonedKept.get();
        }

        long position() {
            return position.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** The LEGACY_PROTOCOL row of examples/register.csv, with its id and ticket replaced per entry. */
    private record Template(String header, List<String> cells, int idColumn, int ticketColumn) {

        static Template fromExample() throws IOException {
            List<String> lines = Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("examples/register.csv"));
            String row = lines.stream().filter(l -> l.contains(",LEGACY_PROTOCOL,ACTIVE,")).findFirst().orElseThrow();
            List<String> columns = List.of(lines.get(0).split(",", -1));
            List<String> cells = List.of(row.split(",", -1));
            assertThat(cells).as("an example row without quoted commas").hasSameSizeAs(columns);
            return new Template(lines.get(0), cells, columns.indexOf("id"), columns.indexOf("ticket"));
        }

        Path write(Path file, Map<String, String> ticketsById) throws IOException {
            List<String> out = new ArrayList<>(List.of(header));
            ticketsById.forEach((id, ticket) -> {
                List<String> row = new ArrayList<>(cells);
                row.set(idColumn, id);
                row.set(ticketColumn, ticket);
                out.add(String.join(",", row));
            });
            return Files.write(file, out);
        }
    }

    private record Run(int exitCode, String output) {
    }

    private Run registerSync(Path register) throws Exception {
        Process p = start(register, "run-" + System.nanoTime());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("register-sync still running after 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(lastOutput));
    }

    private Path lastOutput;

    /** {@code java -jar target/mfa-watch.jar register-sync --register FILE} with only the broker's address set. */
    private Process start(Path register, String name) throws IOException {
        assertThat(JAR).as("the packaged launcher jar (mvn verify packages it before the integration tests)").exists();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", JAR.toString(), "register-sync", "--register", register.toString(), "--now", NOW);
        lastOutput = dir.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(lastOutput.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MFAWATCH_") || k.startsWith("KAFKA_"));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        return pb.start();
    }
}
