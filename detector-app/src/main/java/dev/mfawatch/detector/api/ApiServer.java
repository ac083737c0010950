package dev.mfawatch.detector.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mfawatch.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API's HTTP side: authentication, routing, JSON and status codes; the answers come from
 * {@link Answers}. Separate from {@code /metrics} (its own address), because Prometheus scrapes
 * metrics from elsewhere while these answers name principals.
 *
 * <ul>
 *   <li>401 without the bearer token when one is set (checked before anything else);</li>
 *   <li>405 for any method but GET;</li>
 *   <li>404 for an unknown path, an unknown id, or an internal path asked without {@value #FORWARDED};</li>
 *   <li>503 with {@code Retry-After} while Kafka Streams is not RUNNING or the owner of a key cannot be reached.</li>
 * </ul>
 * Nothing about a request (path, id, token, body) is ever logged.
 */
public final class ApiServer implements AutoCloseable {

    /** Marks a request one instance sends another: the receiver answers from its own stores and never forwards it. */
    public static final String FORWARDED = "X-Mfawatch-Forwarded";
    public static final String JSON_TYPE = "application/json; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code settings.host():settings.port()} and serves {@code /api}. {@code answers} may
     * give null until the app is ready to answer: requests get 503 until then.
     */
    public static ApiServer start(ApiSettings settings, Supplier<Answers> answers) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the API is off");
        }
        if (settings.token() == null && !ApiAuth.isLoopback(settings.host())) {
            // ApiSettings refuses this already; checked again where the socket is opened.
            throw new IllegalStateException(ApiSettings.HOST + " is not loopback and " + ApiSettings.TOKEN + " is not set");
        }
        ApiAuth auth = new ApiAuth(settings.token());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the API on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage() + (settings.port() != 0 ? " (is the port in use? set " + ApiSettings.PORT + ")" : ""), e);
        }
        AtomicInteger n = new AtomicInteger();
        // Several threads: an answer may wait on another instance, which may be asking this one at the same time.
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "mfawatch-api-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.createContext(ApiRoute.PREFIX, ex -> handle(ex, auth, answers));
        server.setExecutor(executor);
        server.start();
        return new ApiServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static void handle(HttpExchange ex, ApiAuth auth, Supplier<Answers> answers) throws IOException {
        try (ex) {
            int status = 200;
            Object body;
            Integer retryAfter = null;
            try {
                body = answer(ex, auth, answers);
            } catch (ApiError e) {
                status = e.status();
                retryAfter = e.retryAfterSeconds();
                body = error(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                // The message may quote a key or a value: the type only.
                LOG.warn("API request failed: {}", e.getClass().getName());
                LOG.debug("API request failure detail", e);
                status = 500;
                body = error(500, "internal error");
            }
            byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
            // Answers name principals: no cache keeps them.
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (status == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mfa-watch\"");
            } else if (status == 405) {
                ex.getResponseHeaders().set("Allow", "GET");
            }
            if (retryAfter != null) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfter));
            }
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(status, -1); // a HEAD response has no body
                return;
            }
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Object answer(HttpExchange ex, ApiAuth auth, Supplier<Answers> answers) {
        if (!auth.allows(ex.getRequestHeaders().getFirst("Authorization"))) {
            throw new ApiError(401, "a bearer token is required", null);
        }
        if (!"GET".equals(ex.getRequestMethod())) {
            throw new ApiError(405, "only GET", null);
        }
        Optional<ApiRoute> found = ApiRoute.of(ex.getRequestURI().getRawPath());
        boolean forwarded = ex.getRequestHeaders().containsKey(FORWARDED);
        if (found.isEmpty() || (found.get().internal() && !forwarded)) {
            throw ApiError.notFound("no such path");
        }
        ApiRoute route = found.get();
        if (route.kind() == ApiRoute.Kind.INDEX) {
            return index();
        }
        Answers a = answers.get();
        if (a == null) {
            throw ApiError.unavailable("starting", 1);
        }
        return switch (route.kind()) {
            case EXCEPTIONS -> a.exceptions();
            case EXCEPTION -> a.exception(route.id());
            case PRINCIPAL -> a.principal(route.id());
            case INTERNAL_USAGE -> a.internalUsage();
            case INTERNAL_STORE -> a.internalStore(route.store(), route.id());
            case INDEX -> index();
        };
    }

    private static Map<String, Object> index() {
        return Map.of("endpoints", List.of("/api/exceptions", "/api/exceptions/{id}", "/api/principals/{id}"));
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
