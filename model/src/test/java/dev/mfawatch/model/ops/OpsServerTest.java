package dev.mfawatch.model.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsHealthAndReadiness() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> "mfawatch_up 1\n", () -> true, ready::get)) {
            HttpResponse<String> metrics = get(server.port(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).isEqualTo("mfawatch_up 1\n");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(OpsServer.PROMETHEUS_CONTENT_TYPE);
            assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server.port(), "/ready").statusCode()).isEqualTo(200);
        }
    }
}
