package dev.mfawatch.detector.api;

import static dev.mfawatch.detector.fixtures.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.detector.DetectorApp;
import dev.mfawatch.detector.DetectorConfig;
import dev.mfawatch.detector.fixtures.DetectorEnv;
import dev.mfawatch.detector.fixtures.Entries;
import dev.mfawatch.detector.fixtures.Pipeline;
import dev.mfawatch.kafka.LocalKafkaExtension;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.TopicSetup;
import dev.mfawatch.model.Topics;
import dev.mfawatch.model.alert.Notice;
import dev.mfawatch.model.alert.NoticeKind;
import dev.mfawatch.model.register.ExceptionEntry;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;
import dev.mfawatch.model.usage.ExceptionUsage;
import dev.mfawatch.model.usage.ExceptionUsage.Count;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two detector instances (same application id, their own state and API ports) on a real KRaft
 * broker, over four partitions: every exception and principal answers the same on both, although
 * each instance holds only part of the data (the internal store endpoint shows which), so the
 * answers for the other part came from the other instance. One instance listens on every interface
 * with the shared token: without it, 401. When one instance stops, the other answers 200 or 503 with
 * {@code Retry-After} while it takes over, then everything alone.
 */
class ApiIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String TOKEN = "it-token-0123456789abcdef";
    private static final int PARTITIONS = 4;
    private static final String ALICE = "alice@example.com";
    private static final String ALICE_ALIAS = "alice.smith@corp.example";
    private static final String BOB = "bob@example.com";
    private static final String CAROL = "carol@example.com";
    private static final String BG = "bg-admin-01@example.com";
    private static final Instant NOTICE_TIME = Instant.parse("2026-11-20T08:00:00Z");

    @RegisterExtension
    static final LocalKafkaExtension kafka = new LocalKafkaExtension();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoInstancesGiveTheSameAnswersForEveryKey() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            TopicSetup.ensure(admin, Topics.ALL, PARTITIONS);
        }
        // Exception ids on every partition, so each instance holds the ledger of some and not of others.
        List<String> ids = exceptionIdsOnEveryPartition(12);
        List<ExceptionEntry> register = new ArrayList<>();
        // Scoped to an app alice's sign-in does not use: her entry is in force (she is covered now) but that sign-in is no
        // use of it, so the detectors' usage ledger never writes over the usage records this test publishes itself.
        register.add(Entries.entry(ids.get(0)).principals(ALICE_ALIAS).apps("Outlook")
                .active("2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z").build());
        register.add(Entries.entry(ids.get(1)).principals(CAROL).active("2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z").build());
        for (String id : ids.subList(2, ids.size())) {
            register.add(Entries.entry(id).principals("svc-" + id.toLowerCase() + "@example.com")
                    .active("2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z").build());
        }

        try (DetectorApp a = DetectorApp.start(DetectorConfig.from(env("a", "127.0.0.1", null)));
             DetectorApp b = DetectorApp.start(DetectorConfig.from(env("b", "0.0.0.0", "127.0.0.1")))) {
            String baseA = "http://127.0.0.1:" + a.apiPort() + "/api";
            String baseB = "http://127.0.0.1:" + b.apiPort() + "/api";
            await().atMost(DEADLINE).until(() -> a.ready() && b.ready());

            produce(register, ids);

            // Everything arrived once both answer with the data the scenario produced.
            await().atMost(DEADLINE).pollInSameThread().conditionEvaluationListener(c -> {
                if (!c.isSatisfied() && c.getRemainingTimeInMS() < 2_000) {
                    System.out.println("ApiIT still missing: " + miss);
                }
            }).until(() -> complete(baseA, ids) && complete(baseB, ids));

            // The list: the whole register with lifecycle now and each usage summary, the same on both.
            JsonNode listA = stripTime(getJson(baseA + "/exceptions"));
            assertThat(listA).isEqualTo(stripTime(getJson(baseB + "/exceptions")));
            assertThat(listA.get("count").asInt()).isEqualTo(ids.size());
            Map<String, JsonNode> byId = new HashMap<>();
            listA.get("exceptions").forEach(e -> byId.put(e.get("id").asText(), e));
            assertThat(byId.get(ids.get(0)).get("lifecycle").asText()).isEqualTo("IN_FORCE");
            assertThat(byId.get(ids.get(1)).get("lifecycle").asText()).isEqualTo("EXPIRED");
            for (int i = 0; i < ids.size(); i++) {
                JsonNode usage = byId.get(ids.get(i)).get("usage");
                assertThat(usage.get("uses").asLong()).as(ids.get(i)).isEqualTo(uses(i));
                assertThat(usage.get("topApps").get(0).get("value").asText()).isEqualTo("Outlook");
                assertThat(usage.get("topCountries")).hasSize(1);
            }

            // Each exception: entry, ledger and notices (newest first, the repeated id once), the same on both.
            for (String id : ids) {
                JsonNode ea = stripTime(getJson(baseA + "/exceptions/" + id));
                assertThat(ea).as(id).isEqualTo(stripTime(getJson(baseB + "/exceptions/" + id)));
                assertThat(ea.get("entry").get("id").asText()).isEqualTo(id);
                assertThat(ea.get("usage").get("signIns").asLong()).isEqualTo(uses(ids.indexOf(id)));
                List<String> notices = new ArrayList<>();
                ea.get("notices").forEach(n -> notices.add(n.get("noticeId").asText()));
                assertThat(notices).containsExactly(id + "-n3", id + "-n2", id + "-n1");
            }

            // Alice through her alias: the entry naming the alias covers her now; her inventory facts.
            for (String base : List.of(baseA, baseB)) {
                JsonNode alice = getJson(base + "/principals/" + ALICE_ALIAS.toUpperCase());
                assertThat(alice.get("principal").asText()).isEqualTo(ALICE);
                assertThat(alice.get("covered").asBoolean()).isTrue();
                assertThat(alice.get("coveredBy")).extracting(JsonNode::asText).containsExactly(ids.get(0));
                assertThat(alice.get("inventory").get("known").asBoolean()).isTrue();
                assertThat(alice.get("inventory").get("privileged").asBoolean()).isFalse();
                assertThat(alice.get("inventory").get("registeredMethods")).extracting(JsonNode::asText)
                        .containsExactly("microsoftAuthenticator");
                // Her registration as the registration step holds it, from whichever instance has her partition.
                assertThat(alice.get("registration").get("state").asText()).isEqualTo("standard");
                assertThat(alice.get("registration").get("methods")).hasSize(1);
                assertThat(alice.get("registration").get("methods").get(0).get("stale").asBoolean()).isFalse();
            }
            // Carol: named by an expired entry only, so not covered.
            JsonNode carol = getJson(baseA + "/principals/" + CAROL);
            assertThat(carol.get("covered").asBoolean()).isFalse();
            assertThat(carol.get("exceptions").get(0).get("lifecycle").asText()).isEqualTo("EXPIRED");
            assertThat(carol.get("registration").get("state").asText()).as("SMS only").isEqualTo("weak_only");

            // Bob: privileged, no exception, an MFA-less sign-in: an alert, and travel remembers Berlin.
            JsonNode bob = getJson(baseA + "/principals/" + BOB);
            assertThat(bob.get("inventory").get("privileged").asBoolean()).isTrue();
            assertThat(bob.get("registration").get("state").asText()).isEqualTo("phishing_resistant");
            assertThat(bob.get("registration").get("privileged").asBoolean()).isTrue();
            assertThat(bob.get("alerts")).extracting(n -> n.get("rule").asText()).contains("MFA_NOT_SATISFIED");
            JsonNode berlin = bob.get("rules").get("IMPOSSIBLE_TRAVEL").get("recentLocations").get(0);
            assertThat(berlin.get("country").asText()).isEqualTo("DE");
            assertThat(berlin.get("at").asText()).isEqualTo("2026-11-23T09:00:00Z");
            // The break-glass account: its flag, its attempt alerted, the rotation it now waits for.
            JsonNode bg = getJson(baseB + "/principals/" + BG);
            assertThat(bg.get("inventory").get("breakGlass").asBoolean()).isTrue();
            assertThat(bg.get("alerts")).extracting(n -> n.get("rule").asText()).contains("BREAK_GLASS_SIGNIN");
            assertThat(bg.get("rules").get("BREAK_GLASS_SIGNIN").get("unrotatedUseAt").asText()).isEqualTo("2026-11-23T09:00:00Z");

            for (String p : List.of(ALICE, ALICE_ALIAS, BOB, CAROL, BG)) {
                assertThat(stripTime(getJson(baseA + "/principals/" + p))).as(p)
                        .isEqualTo(stripTime(getJson(baseB + "/principals/" + p)));
            }

            // Each instance holds part of the data and not the rest: the answers above for the rest were the other's.
            Set<Boolean> aOwns = new HashSet<>();
            for (String id : ids) {
                int onA = internalStatus(baseA, ApiViews.USAGE_STORE, id);
                int onB = internalStatus(baseB, ApiViews.USAGE_STORE, id);
                assertThat(Set.of(onA, onB)).as(id).containsExactlyInAnyOrder(200, 503);
                aOwns.add(onA == 200);
            }
            assertThat(aOwns).containsExactlyInAnyOrder(true, false);

            // Unknown ids: 404 with a JSON error on both.
            for (String base : List.of(baseA, baseB)) {
                assertThat(get(base + "/exceptions/EXC-NOPE", TOKEN).statusCode()).isEqualTo(404);
                HttpResponse<String> nobody = get(base + "/principals/nobody@example.com", TOKEN);
                assertThat(nobody.statusCode()).isEqualTo(404);
                assertThat(Json.MAPPER.readTree(nobody.body()).get("status").asInt()).isEqualTo(404);
            }

            // B listens on every interface: the token is required.
            assertThat(get(baseB + "/exceptions", null).statusCode()).isEqualTo(401);
            assertThat(get(baseB + "/exceptions", "wrong-token").statusCode()).isEqualTo(401);
            assertThat(get(baseB + "/principals/" + BOB, null).body()).doesNotContain(BOB);

            // B stops: A takes over its partitions. Meanwhile A answers 200, or 503 with Retry-After, never anything else;
            // then it answers everything alone, the same as before.
            JsonNode before = stripTime(getJson(baseA + "/exceptions"));
            b.close();
            await().atMost(DEADLINE).pollInSameThread().alias("after failover").conditionEvaluationListener(c -> {
                if (!c.isSatisfied() && c.getRemainingTimeInMS() < 2_000) {
                    System.out.println("ApiIT still missing: " + miss);
                }
            }).until(() -> {
                for (String path : List.of("/exceptions", "/exceptions/" + ids.get(5), "/principals/" + BOB)) {
                    HttpResponse<String> r = get(baseA + path, TOKEN);
                    assertThat(r.statusCode()).as(path).isIn(200, 503);
                    if (r.statusCode() == 503) {
                        assertThat(r.headers().firstValue("Retry-After")).as(path).isPresent();
                    }
                }
                return complete(baseA, ids);
            });
            assertThat(stripTime(getJson(baseA + "/exceptions"))).isEqualTo(before);
            for (String id : ids) {
                assertThat(internalStatus(baseA, ApiViews.USAGE_STORE, id)).as(id).isEqualTo(200);
            }
        }
    }

    private Map<String, String> env(String name, String apiHost, String advertised) {
        Map<String, String> env = DetectorEnv.of(kafka.bootstrapServers(), "it-api", dir.resolve(name), PARTITIONS);
        // A stopped instance's tasks move after the session timeout (Kafka Streams does not leave the group on close).
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        // The test publishes each exception's notices itself and counts them: no UNUSED_EXCEPTION from the ledger.
        env.put(dev.mfawatch.detector.usage.UsageSettings.UNUSED_AFTER, "3650d");
        env.put(ApiSettings.HOST, apiHost);
        env.put(ApiSettings.PORT, "0");
        env.put(ApiSettings.TOKEN, TOKEN);
        if (advertised != null) {
            env.put(ApiSettings.ADVERTISED, advertised);
        }
        return env;
    }

    private static long uses(int i) {
        return 3L * i + 1;
    }

    private void produce(List<ExceptionEntry> register, List<String> ids) {
        List<Principal> inventory = List.of(
                Pipeline.principal(ALICE, List.of(), false, "microsoftAuthenticator"),
                Pipeline.principal(BOB, List.of("Global Administrator"), false, "fido2"),
                Pipeline.principal(CAROL, List.of(), false, "sms"),
                Pipeline.principal(BG, List.of("Global Administrator"), true, "fido2"));
        List<SignInEvent> signIns = List.of(
                signIn("alice-1").principal(ALICE_ALIAS).at("2026-11-23T09:00:00Z").build(),
                signIn("bob-1").principal(BOB).at("2026-11-23T09:00:00Z").build(),
                signIn("bg-1").principal(BG).at("2026-11-23T09:00:00Z").build());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            // Stamped before the sign-ins: the inventory shares the sign-ins' tasks, and a wall-clock timestamp there
            // would move their stream time days past the sign-ins, so that a sweep expired the rules' state.
            long before = Pipeline.REGISTER_TIME.toEpochMilli();
            producer.send(new ProducerRecord<>(Topics.ALIASES.name(), null, before, ALICE_ALIAS, ALICE.getBytes(StandardCharsets.UTF_8)));
            for (Principal p : inventory) {
                producer.send(new ProducerRecord<>(Topics.PRINCIPALS.name(), null, before, p.id(), Topics.PRINCIPAL_SERDE.write(p)));
            }
            for (ExceptionEntry e : register) {
                producer.send(new ProducerRecord<>(Topics.REGISTER.name(), null, before, e.id(), Topics.REGISTER_SERDE.write(e)));
            }
            producer.flush();
            for (SignInEvent e : signIns) {
                producer.send(new ProducerRecord<>(Topics.SIGNIN_EVENTS.name(), null, e.time().toEpochMilli(), e.principal().id(),
                        Topics.SIGNIN_SERDE.write(e)));
            }
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                ExceptionUsage usage = new ExceptionUsage(id, uses(i), 0, Instant.parse("2026-11-02T08:00:00Z"),
                        Instant.parse("2026-11-23T09:00:00Z"), List.of(new Count("Outlook", uses(i))),
                        List.of(new Count("IMAP", uses(i))), List.of(new Count("DE", uses(i))),
                        List.of(new Count("203.0.113.0/24", uses(i))), List.of(), List.of("evt-" + i),
                        Instant.parse("2026-11-23T09:00:00Z"));
                producer.send(new ProducerRecord<>(Topics.EXCEPTION_USAGE.name(), id, Topics.USAGE_SERDE.write(usage)));
                // Three notices, the second sent twice (a replay): kept once.
                for (int n : new int[] {1, 2, 2, 3}) {
                    Notice notice = new Notice(id + "-n" + n, id, NoticeKind.UNUSED_EXCEPTION, NOTICE_TIME.plusSeconds(3600L * n),
                            null, "carol@example.com", "notice " + n);
                    producer.send(new ProducerRecord<>(Topics.NOTICES.name(), id, Topics.NOTICE_SERDE.write(notice)));
                }
            }
            producer.flush();
        }
    }

    /** True once this instance answers with every record the scenario produced. */
    /** Which check of {@link #complete} failed last: named in a timeout, so a failure says what was missing. */
    private volatile String miss = "";

    private boolean complete(String base, List<String> ids) throws Exception {
        HttpResponse<String> list = get(base + "/exceptions", TOKEN);
        if (list.statusCode() != 200) {
            miss = "check 1 at " + base; return false;
        }
        JsonNode l = Json.MAPPER.readTree(list.body());
        if (l.get("count").asInt() != ids.size()) {
            miss = "check 2 at " + base; return false;
        }
        for (JsonNode e : l.get("exceptions")) {
            if (e.get("usage").get("uses").asLong() == 0) {
                miss = "check 3 at " + base + ": " + e; return false;
            }
        }
        for (String id : ids) {
            HttpResponse<String> one = get(base + "/exceptions/" + id, TOKEN);
            if (one.statusCode() != 200 || Json.MAPPER.readTree(one.body()).get("notices").size() != 3) {
                miss = "check 4 at " + base; return false;
            }
        }
        for (String p : List.of(BOB, BG)) {
            HttpResponse<String> r = get(base + "/principals/" + p, TOKEN);
            if (r.statusCode() != 200 || Json.MAPPER.readTree(r.body()).get("alerts").isEmpty()
                    || !Json.MAPPER.readTree(r.body()).get("inventory").get("known").asBoolean()
                    || Json.MAPPER.readTree(r.body()).get("rules").isEmpty()) {
                miss = "check 5 at " + base + " for " + p + ": " + r.statusCode() + " " + r.body(); return false;
            }
        }
        HttpResponse<String> alice = get(base + "/principals/" + ALICE_ALIAS, TOKEN);
        boolean ok = alice.statusCode() == 200 && Json.MAPPER.readTree(alice.body()).get("inventory").get("known").asBoolean()
                && Json.MAPPER.readTree(alice.body()).get("rules").has("IMPOSSIBLE_TRAVEL");
        if (!ok) {
            miss = "check 6 at " + base + ": " + alice.statusCode() + " " + alice.body();
        }
        return ok;
    }

    private static List<String> exceptionIdsOnEveryPartition(int count) {
        List<String> ids = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 1; ids.size() < count; i++) {
            String id = String.format("EXC-%03d", i);
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (partitions.add(p) || partitions.size() == PARTITIONS) {
                ids.add(id);
            }
        }
        assertThat(partitions).hasSize(PARTITIONS);
        return ids;
    }

    private int internalStatus(String base, String store, String key) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/internal/stores/" + store + "/" + ApiRoute.encode(key)))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN).header(ApiServer.FORWARDED, "1").GET().build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = get(url, TOKEN);
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        int at = url.indexOf("/api/");
        String path = url.substring(at);
        // Ids in one path segment, percent-encoded.
        String[] parts = path.split("/");
        StringBuilder encoded = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            encoded.append('/').append(i >= 3 ? ApiRoute.encode(parts[i]) : parts[i]);
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url.substring(0, at) + encoded)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode stripTime(JsonNode n) {
        ((ObjectNode) n).remove("at");
        return n;
    }
}
