package dev.mfawatch.detector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP rules on a real server: token, methods, paths, internal paths, 503 while starting. The
 * answers come from a plain {@link Answers} that records what it was asked.
 */
class ApiServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> asked = new ArrayList<>();
    private final AtomicReference<Answers> answers = new AtomicReference<>(new Answers() {
        @Override
        public Object exceptions() {
            asked.add("exceptions");
            return Map.of("count", 0);
        }

        @Override
        public Object exception(String id) {
            asked.add("exception " + id);
            throw ApiError.notFound("no exception with this id in the register");
        }

        @Override
        public Object principal(String idOrAlias) {
            asked.add("principal " + idOrAlias);
            if (idOrAlias.equals("moving@example.com")) {
                throw ApiError.unavailable("rebalancing", 2);
            }
            return Map.of("principal", idOrAlias);
        }

        @Override
        public Object internalUsage() {
            asked.add("usage");
            return Map.of();
        }

        @Override
        public Object internalStore(String store, String key) {
            asked.add("store " + store + " " + key);
            return Map.of();
        }
    });
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(String host, String token) {
        server = ApiServer.start(new ApiSettings(true, host, 0, token, null), answers::get);
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> send(String url, String method, String token, boolean forwarded) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (forwarded) {
            r.header(ApiServer.FORWARDED, "1");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(url, "GET", null, false);
    }

    @Test
    void loopbackWithoutTokenAnswersJson() throws Exception {
        String base = start("127.0.0.1", null);
        HttpResponse<String> r = get(base + "/api/principals/alice%2Bops%40example.com");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(Json.MAPPER.readTree(r.body()).get("principal").asText()).isEqualTo("alice+ops@example.com");
        assertThat(get(base + "/api").body()).contains("/api/principals/{id}");
        assertThat(asked).containsExactly("principal alice+ops@example.com");
    }

    @Test
    void unknownPathsAndIdsAre404WithAJsonError() throws Exception {
        String base = start("127.0.0.1", null);
        for (String path : List.of("/api/nope", "/api/exceptions/EXC-1/usage", "/api/principals/", "/apix")) {
            HttpResponse<String> r = get(base + path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).contains("application/json; charset=utf-8");
        }
        HttpResponse<String> unknown = get(base + "/api/exceptions/EXC-404");
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode body = Json.MAPPER.readTree(unknown.body());
        assertThat(body.get("status").asInt()).isEqualTo(404);
        assertThat(body.get("error").asText()).isEqualTo("no exception with this id in the register");
    }

    @Test
    void onlyGet() throws Exception {
        String base = start("127.0.0.1", null);
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
            HttpResponse<String> r = send(base + "/api/exceptions", method, null, false);
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).contains("GET");
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void internalPathsAnswerOnlyForwardedRequests() throws Exception {
        String base = start("127.0.0.1", null);
        assertThat(get(base + "/api/internal/usage").statusCode()).isEqualTo(404);
        assertThat(get(base + "/api/internal/stores/principal-alerts/bob%40example.com").statusCode()).isEqualTo(404);
        assertThat(asked).isEmpty();
        assertThat(send(base + "/api/internal/usage", "GET", null, true).statusCode()).isEqualTo(200);
        assertThat(send(base + "/api/internal/stores/principal-alerts/bob%40example.com", "GET", null, true).statusCode())
                .isEqualTo(200);
        assertThat(asked).containsExactly("usage", "store principal-alerts bob@example.com");
    }

    @Test
    void notReadyOrMovingIs503WithRetryAfter() throws Exception {
        String base = start("127.0.0.1", null);
        HttpResponse<String> moving = get(base + "/api/principals/moving@example.com");
        assertThat(moving.statusCode()).isEqualTo(503);
        assertThat(moving.headers().firstValue("Retry-After")).contains("2");
        answers.set(null);
        HttpResponse<String> starting = get(base + "/api/exceptions");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void withATokenEveryRequestMustCarryIt() throws Exception {
        // Every interface, as a deployment behind a load balancer would bind.
        String base = start("0.0.0.0", "s3cret-token-value");
        for (String token : new String[] {null, "wrong", "s3cret-token-valu", "s3cret-token-value2"}) {
            HttpResponse<String> r = send(base + "/api/exceptions", "GET", token, false);
            assertThat(r.statusCode()).as(String.valueOf(token)).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        // Before routing: an unauthenticated caller learns nothing, not even which paths exist or which methods.
        assertThat(send(base + "/api/nope", "GET", null, false).statusCode()).isEqualTo(401);
        assertThat(send(base + "/api/exceptions", "POST", null, false).statusCode()).isEqualTo(401);
        assertThat(send(base + "/api/internal/usage", "GET", null, true).statusCode()).isEqualTo(401);
        assertThat(asked).isEmpty();
        assertThat(send(base + "/api/exceptions", "GET", "s3cret-token-value", false).statusCode()).isEqualTo(200);
        assertThat(asked).containsExactly("exceptions");
    }

    @Test
    void refusesANonLoopbackBindWithoutToken() {
        assertThatThrownBy(() -> new ApiSettings(true, "0.0.0.0", 0, null, null))
                .hasMessageContaining("MFAWATCH_API_TOKEN");
    }
}
