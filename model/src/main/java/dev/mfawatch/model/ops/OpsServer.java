package dev.mfawatch.model.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operations endpoints every mfa-watch app serves: {@code /metrics} (Prometheus text),
 * {@code /health} (the process is alive and not failed) and {@code /ready} (it is doing its job).
 * The JDK's own HTTP server is enough for three read-only endpoints scraped every few seconds.
 */
public final class OpsServer implements AutoCloseable {

    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private OpsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code host:port} ({@code port} 0 picks a free port).
     *
     * @param metrics scrape body, e.g. {@code PrometheusMeterRegistry::scrape}
     * @param healthy false once the app has failed and should be restarted
     * @param ready   true while the app is processing
     */
    public static OpsServer start(String host, int port, Supplier<String> metrics, BooleanSupplier healthy,
                                  BooleanSupplier ready) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_CONTENT_TYPE, metrics.get()));
            server.createContext("/health", ex -> status(ex, healthy.getAsBoolean()));
            server.createContext("/ready", ex -> status(ex, ready.getAsBoolean()));
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mfawatch-ops-http");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new OpsServer(server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve /metrics on " + host + ":" + port + ": " + e.getMessage()
                    + (port != 0 ? " (is the port in use? set MFAWATCH_HTTP_PORT)" : ""), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void status(HttpExchange ex, boolean ok) throws IOException {
        respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "UP\n" : "DOWN\n");
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
