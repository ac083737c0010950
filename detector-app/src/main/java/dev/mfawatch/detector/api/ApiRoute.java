package dev.mfawatch.detector.api;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a request path asks for. Ids travel percent-encoded in one path segment, so an id holding
 * {@code /} or {@code +} (mail plus-addressing) survives: {@code %2F} and {@code +} are read back
 * as themselves, never {@code +} as a space.
 *
 * <pre>
 * /api                                  INDEX
 * /api/exceptions                       EXCEPTIONS
 * /api/exceptions/{id}                  EXCEPTION        (id)
 * /api/principals/{id}                  PRINCIPAL        (id or alias)
 * /api/internal/usage                   INTERNAL_USAGE   (instance to instance only)
 * /api/internal/stores/{store}/{key}    INTERNAL_STORE   (instance to instance only)
 * </pre>
 */
public record ApiRoute(Kind kind, String store, String id) {

    public enum Kind { INDEX, EXCEPTIONS, EXCEPTION, PRINCIPAL, INTERNAL_USAGE, INTERNAL_STORE }

    public static final String PREFIX = "/api";

    /** The route of a raw (still percent-encoded) path, empty when none matches. */
    public static Optional<ApiRoute> of(String rawPath) {
        if (rawPath == null || !(rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/"))) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String s : rawPath.substring(PREFIX.length()).split("/", -1)) {
            if (!s.isEmpty()) {
                String decoded = decode(s);
                if (decoded == null || decoded.isBlank()) {
                    return Optional.empty();
                }
                parts.add(decoded);
            }
        }
        if (parts.isEmpty()) {
            return Optional.of(new ApiRoute(Kind.INDEX, null, null));
        }
        String head = parts.get(0);
        return switch (parts.size()) {
            case 1 -> head.equals("exceptions") ? Optional.of(new ApiRoute(Kind.EXCEPTIONS, null, null)) : Optional.empty();
            case 2 -> switch (head) {
                case "exceptions" -> Optional.of(new ApiRoute(Kind.EXCEPTION, null, parts.get(1)));
                case "principals" -> Optional.of(new ApiRoute(Kind.PRINCIPAL, null, parts.get(1)));
                case "internal" -> parts.get(1).equals("usage")
                        ? Optional.of(new ApiRoute(Kind.INTERNAL_USAGE, null, null)) : Optional.empty();
                default -> Optional.empty();
            };
            case 4 -> head.equals("internal") && parts.get(1).equals("stores")
                    ? Optional.of(new ApiRoute(Kind.INTERNAL_STORE, parts.get(2), parts.get(3))) : Optional.empty();
            default -> Optional.empty();
        };
    }

    public boolean internal() {
        return kind == Kind.INTERNAL_USAGE || kind == Kind.INTERNAL_STORE;
    }

    /** The path of one store key on another instance. */
    public static String storePath(String store, String key) {
        return PREFIX + "/internal/stores/" + encode(store) + "/" + encode(key);
    }

    /** One path segment, percent-encoded (a space as {@code %20}, never {@code +}). */
    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-decoding of one segment; null when malformed. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                int next = segment.indexOf('%', i);
                int end = next < 0 ? segment.length() : next;
                byte[] b = segment.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
