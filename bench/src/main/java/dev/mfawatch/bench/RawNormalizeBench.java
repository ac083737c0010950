package dev.mfawatch.bench;

import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.kafka.LocalKafka;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * DESIGN's "at least 10,000 raw Entra records/s normalized", on a real single-node broker in this
 * JVM: Graph {@code signIn} objects of realistic size (about 11.5 KB, most of it the applied
 * conditional access policies) on {@code idp.raw.entra-signin}, read by the detector with only that
 * source enabled, normalized, published to {@code signin.events} and detected. The figure is raw
 * records committed per second on the raw topic, start-up included. Prints figures; asserts nothing.
 * Usage: {@code java -cp ... dev.mfawatch.bench.RawNormalizeBench [records] [guarantee]}.
 */
public final class RawNormalizeBench {

    private static final int PARTITIONS = 4;
    private static final int USERS = 100_000;

    private RawNormalizeBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String guarantee = args.length > 1 ? args[1] : "at_least_once";
        try (LocalKafka kafka = LocalKafka.start()) {
            try (Admin admin = Admin.create(kafka.clientProps())) {
                TopicSetup.ensure(admin, List.of(Topics.raw("entra-signin")), PARTITIONS);
            }
            TopicSetup.ensureAll(kafka.clientProps(), PARTITIONS);
            long bytes = produce(kafka, records);
            System.out.printf("raw normalize bench: %d Entra sign-ins, %.0f bytes on average, %d partitions, %d cores, %s%n",
                    records, (double) bytes / records, PARTITIONS, Runtime.getRuntime().availableProcessors(), guarantee);
            Map<TopicPartition, Long> end = endOffsets(kafka, Topics.raw("entra-signin"));
            String appId = "bench-raw-" + guarantee.replace('_', '-');
            long start = System.nanoTime();
            try (DetectorApp app = DetectorApp.start(DetectorConfig.from(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "MFAWATCH_APPLICATION_ID", appId,
                    "MFAWATCH_PROCESSING_GUARANTEE", guarantee,
                    "MFAWATCH_STATE_DIR", Files.createTempDirectory("mfa-watch-bench-raw").toString(),
                    "MFAWATCH_HTTP_PORT", "0",
                    "MFAWATCH_SOURCES", "entra-signin")));
                 Admin admin = Admin.create(kafka.clientProps())) {
                long deadline = start + TimeUnit.MINUTES.toNanos(10);
                long firstProgressAt = -1;
                long firstProgress = 0;
                while (System.nanoTime() < deadline) {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
                    long done = end.keySet().stream().mapToLong(tp -> Optional.ofNullable(committed.get(tp))
                            .map(OffsetAndMetadata::offset).orElse(0L)).sum();
                    if (firstProgressAt < 0 && done > 0) {
                        firstProgressAt = System.nanoTime();
                        firstProgress = done;
                    }
                    if (end.entrySet().stream().allMatch(e -> Optional.ofNullable(committed.get(e.getKey()))
                            .map(OffsetAndMetadata::offset).orElse(-1L) >= e.getValue())) {
                        long now = System.nanoTime();
                        double secs = (now - start) / 1e9;
                        double steady = (now - firstProgressAt) / 1e9;
                        System.out.printf("normalized %d raw records in %.2f s (including start-up): %,.0f records/s, %.1f MB/s%n",
                                records, secs, records / secs, bytes / secs / 1e6);
                        System.out.printf("after the first commit: %d records in %.2f s: %,.0f records/s%n",
                                records - firstProgress, steady, (records - firstProgress) / steady);
                        System.exit(0);
                    }
                    TimeUnit.MILLISECONDS.sleep(50); // polling the group's progress, not waiting for a result
                }
                throw new IllegalStateException("did not finish in 10 minutes");
            }
        }
    }

    private static long produce(LocalKafka kafka, int records) {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        props.put("linger.ms", 5);
        props.put("batch.size", 512 * 1024);
        props.put("compression.type", "lz4");
        SplittableRandom random = new SplittableRandom(11);
        Instant base = Instant.parse("2026-11-23T08:00:00Z");
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                byte[] v = signIn(i, random.nextInt(USERS), random.nextInt(10) != 0, base.plusMillis(i * 10L))
                        .getBytes(StandardCharsets.UTF_8);
                bytes += v.length;
                p.send(new ProducerRecord<>(Topics.raw("entra-signin"), null, v));
            }
            p.flush();
        }
        return bytes;
    }

    /** A Graph signIn; 9 in 10 with MFA. 28 applied CA policies bring it to DESIGN's 11.5 KB average. */
    static String signIn(int seq, int user, boolean mfa, Instant time) {
        StringBuilder policies = new StringBuilder();
        for (int k = 0; k < 28; k++) {
            policies.append(k == 0 ? "" : ",").append(String.format(
                    "{\"id\":\"p0000000-0000-4000-8000-%012d\",\"displayName\":\"Baseline policy %02d: require compliant "
                            + "device or MFA for cloud apps\",\"enforcedGrantControls\":[\"Mfa\",\"CompliantDevice\"],"
                            + "\"enforcedSessionControls\":[\"SignInFrequency\",\"ContinuousAccessEvaluation\"],"
                            + "\"result\":\"%s\",\"conditionsSatisfied\":\"application,users\",\"conditionsNotSatisfied\":\"none\","
                            + "\"includeRulesSatisfied\":[],\"excludeRulesSatisfied\":[]}", k, k, k % 3 == 0 ? "success" : "notApplied"));
        }
        String steps = mfa
                ? "[{\"authenticationMethod\":\"Password\",\"succeeded\":true,\"authenticationStepRequirement\":\"Primary authentication\"},"
                + "{\"authenticationMethod\":\"Mobile app notification\",\"succeeded\":true,\"authenticationStepResultDetail\":\"MFA successfully completed\",\"authenticationStepRequirement\":\"Secondary authentication\"}]"
                : "[{\"authenticationMethod\":\"Password\",\"succeeded\":true,\"authenticationStepRequirement\":\"Primary authentication\"}]";
        return String.format("{\"id\":\"b%011d-0000-4000-8000-000000000000\",\"createdDateTime\":\"%s\","
                        + "\"userDisplayName\":\"User %d\",\"userPrincipalName\":\"user%d@example.com\","
                        + "\"userId\":\"u%011d-0000-4000-8000-000000000000\",\"appId\":\"00000002-0000-0ff1-ce00-000000000000\","
                        + "\"appDisplayName\":\"Office 365 Exchange Online\",\"ipAddress\":\"203.0.113.%d\",\"clientAppUsed\":\"Browser\","
                        + "\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0\","
                        + "\"correlationId\":\"c%011d-0000-4000-8000-000000000000\",\"conditionalAccessStatus\":\"success\","
                        + "\"isInteractive\":true,\"authenticationRequirement\":\"%s\",\"status\":{\"errorCode\":0},"
                        + "\"deviceDetail\":{\"deviceId\":\"\",\"displayName\":\"\",\"operatingSystem\":\"Windows10\",\"browser\":\"Edge 131.0\"},"
                        + "\"location\":{\"city\":\"Berlin\",\"state\":\"Berlin\",\"countryOrRegion\":\"DE\","
                        + "\"geoCoordinates\":{\"latitude\":52.52,\"longitude\":13.405}},"
                        + "\"appliedConditionalAccessPolicies\":[%s],\"authenticationDetails\":%s%s}",
                seq, time, user, user, user, user % 250, seq, mfa ? "multiFactorAuthentication" : "singleFactorAuthentication",
                policies, steps, mfa ? ",\"mfaDetail\":{\"authMethod\":\"PhoneAppNotification\"}" : "");
    }

    private static Map<TopicPartition, Long> endOffsets(LocalKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> spec.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(spec).all().get();
            Map<TopicPartition, Long> end = new HashMap<>();
            r.forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        }
    }
}
