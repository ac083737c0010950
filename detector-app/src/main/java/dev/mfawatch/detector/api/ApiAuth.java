package dev.mfawatch.detector.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may query the API: without a token only the same machine can reach it (loopback, enforced by
 * {@link ApiSettings}); with a token every request must carry {@code Authorization: Bearer <token>}.
 */
public final class ApiAuth {

    private final byte[] expected;

    /** @param token the bearer token, null when the API is open to whoever reaches the loopback address */
    public ApiAuth(String token) {
        this.expected = token == null ? null : sha256(token);
    }

    /** True when the request may be answered. */
    public boolean allows(String authorizationHeader) {
        if (expected == null) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Comparing digests takes the same time whatever the length or content of the guess.
        return MessageDigest.isEqual(expected, sha256(authorizationHeader.substring(7).trim()));
    }

    public boolean required() {
        return expected != null;
    }

    /** A loopback name or address ({@code 127.0.0.1}, {@code ::1}, {@code localhost}); unresolvable names are not. */
    public static boolean isLoopback(String host) {
        if (isWildcard(host)) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(strip(host))) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Every interface ({@code 0.0.0.0}, {@code ::}). */
    public static boolean isWildcard(String host) {
        String h = strip(host);
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
    }

    private static String strip(String host) {
        String h = host.trim();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
