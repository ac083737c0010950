package dev.mfawatch.detector.api;

import dev.mfawatch.model.config.EnvConfig;
import java.util.Locale;

/**
 * Where the query API listens and who may ask it.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code MFAWATCH_API_HOST}</td><td>{@code 127.0.0.1}</td><td>address of {@code /api/*}</td></tr>
 *   <tr><td>{@code MFAWATCH_API_PORT}</td><td>{@code 8082}</td><td>its port; {@code 0} picks a free one; {@code off} serves no API</td></tr>
 *   <tr><td>{@code MFAWATCH_API_TOKEN}</td><td>none</td><td>bearer token every request must carry; required unless the host is loopback</td></tr>
 *   <tr><td>{@code MFAWATCH_API_ADVERTISED}</td><td>the API's host (the machine's name when it binds every interface) and port</td><td>{@code host[:port]} the other instances reach this one on (Kafka Streams' {@code application.server})</td></tr>
 * </table>
 *
 * The default port is 8082 because register-sync's {@code --watch} (and the demo) serve metrics on 8081.
 *
 * @param enabled    false when {@code MFAWATCH_API_PORT=off}
 * @param host       address to bind
 * @param port       port to bind, 0 for a free one
 * @param token      the bearer token, null when none
 * @param advertised {@code host[:port]} other instances use, null for the default
 */
public record ApiSettings(boolean enabled, String host, int port, String token, String advertised) {

    public static final String HOST = "MFAWATCH_API_HOST";
    public static final String PORT = "MFAWATCH_API_PORT";
    public static final String TOKEN = "MFAWATCH_API_TOKEN";
    public static final String ADVERTISED = "MFAWATCH_API_ADVERTISED";

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8082;
    public static final ApiSettings OFF = new ApiSettings(false, DEFAULT_HOST, DEFAULT_PORT, null, null);

    public ApiSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(HOST + ": must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + ": not a port: " + port);
        }
        token = token == null || token.isBlank() ? null : token.trim();
        advertised = advertised == null || advertised.isBlank() ? null : advertised.trim();
        if (enabled && token == null && !ApiAuth.isLoopback(host)) {
            throw new IllegalArgumentException(HOST + "=" + host + " is not a loopback address: set " + TOKEN
                    + " (a long random value) so that only holders of the token can query principals and exceptions,"
                    + " or keep " + HOST + " on 127.0.0.1");
        }
    }

    public static ApiSettings from(EnvConfig c) {
        String port = c.get(PORT, Integer.toString(DEFAULT_PORT)).trim().toLowerCase(Locale.ROOT);
        boolean enabled = !port.equals("off");
        int number;
        try {
            number = enabled ? Integer.parseInt(port) : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT + ": expected a port number or off, got " + port, e);
        }
        return new ApiSettings(enabled, c.get(HOST, DEFAULT_HOST), number, c.get(TOKEN, null), c.get(ADVERTISED, null));
    }

    /**
     * The {@code host:port} other instances reach this one on, given the port actually bound:
     * {@link #advertised} (its port added when it names none), else the bound host, or this
     * machine's name when the API binds every interface.
     */
    public String advertisedAddress(int boundPort) {
        if (advertised != null) {
            return advertised.lastIndexOf(':') > advertised.lastIndexOf(']') ? advertised : advertised + ":" + boundPort;
        }
        String h = host;
        if (ApiAuth.isWildcard(host)) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(HOST + "=" + host + ": cannot tell this machine's name; set " + ADVERTISED, e);
            }
        }
        return (h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + boundPort;
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return enabled ? host + ":" + port + ", token=" + (token == null ? "none" : "[redacted]")
                + (advertised == null ? "" : ", advertised=" + advertised) : "off";
    }
}
