package dev.mfawatch.detector.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another instance of the detector for its part of an answer, over its API (the address it
 * advertises as {@code application.server}), with the shared token and the {@value ApiServer#FORWARDED}
 * header so it answers from its own stores and never forwards further.
 */
final class Peers {

    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String token;
    private final Map<HostInfo, Long> lastWarned = new ConcurrentHashMap<>();

    Peers(String token) {
        this.token = token;
    }

    /** The JSON the instance at {@code host} answers on {@code path}; 503 when it cannot answer now. */
    JsonNode get(HostInfo host, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + authority(host) + path))
                .timeout(TIMEOUT).header(ApiServer.FORWARDED, "1").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // The host is an instance address, not principal data; the path is not logged. A stopped instance
            // stays the owner until the group notices (session timeout): one line a minute, not one per request.
            warnAtMostEveryMinute(host, "API: instance {} did not answer ({})", e.getClass().getSimpleName());
            throw ApiError.unavailable("the instance holding this data is unreachable", 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted", 1);
        }
        if (response.statusCode() == 503) {
            throw ApiError.unavailable("the instance holding this data is not ready", 2);
        }
        if (response.statusCode() != 200) {
            warnAtMostEveryMinute(host, "API: instance {} answered {}", response.statusCode());
            throw new ApiError(502, "the instance holding this data answered " + response.statusCode(), null);
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new ApiError(502, "the instance holding this data answered something unreadable", null);
        }
    }

    private void warnAtMostEveryMinute(HostInfo host, String format, Object detail) {
        long now = System.nanoTime();
        Long last = lastWarned.get(host);
        if (last == null || now - last > WARN_EVERY_NANOS) {
            lastWarned.put(host, now);
            LOG.warn(format, authority(host), detail);
        }
    }

    private static String authority(HostInfo host) {
        String h = host.host();
        return (h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + host.port();
    }
}
