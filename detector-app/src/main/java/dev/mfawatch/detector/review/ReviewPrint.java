package dev.mfawatch.detector.review;

import dev.mfawatch.model.register.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the review step remembers about a principal some register entry names: the review-relevant
 * part of its last inventory version ({@code seen} once one arrived) and the changes announced lately
 * ({@code announced}: trigger token → time), so one change seen on both inputs is announced once.
 * Department and manager are kept as digests: state needs to tell a change, not the values.
 */
public record ReviewPrint(boolean seen, List<String> privilegedRoles, boolean breakGlass, boolean disabled,
                          String department, String manager, Map<String, Instant> announced) {

    public ReviewPrint {
        privilegedRoles = privilegedRoles == null ? List.of() : List.copyOf(privilegedRoles);
        announced = announced == null ? Map.of() : Map.copyOf(new TreeMap<>(announced));
    }

    static final ReviewPrint NONE = new ReviewPrint(false, List.of(), false, false, null, null, Map.of());

    /** The version {@code p}, keeping what was announced before. */
    static ReviewPrint of(Principal p, Map<String, Instant> announced) {
        List<String> roles = new ArrayList<>();
        for (String r : p.privilegedRoles()) {
            if (r != null && !r.isBlank() && roles.stream().noneMatch(x -> x.equalsIgnoreCase(r.trim()))) {
                roles.add(r.trim());
            }
        }
        roles.sort(String.CASE_INSENSITIVE_ORDER);
        return new ReviewPrint(true, roles, p.breakGlass(), Boolean.FALSE.equals(p.active()), digest(p.department()),
                digest(p.manager()), announced);
    }

    ReviewPrint withAnnounced(Map<String, Instant> announced) {
        return new ReviewPrint(seen, privilegedRoles, breakGlass, disabled, department, manager, announced);
    }

    boolean holds(String role) {
        return role != null && privilegedRoles.stream().anyMatch(r -> r.equalsIgnoreCase(role.trim()));
    }

    /** The same version, whatever was announced. */
    boolean sameVersion(ReviewPrint o) {
        return seen == o.seen && breakGlass == o.breakGlass && disabled == o.disabled && privilegedRoles.equals(o.privilegedRoles)
                && Objects.equals(department, o.department) && Objects.equals(manager, o.manager);
    }

    /**
     * {@code announced} without the tokens more than {@code window} away from {@code now}, either way:
     * the inventory may show a change before or after its directory event arrives.
     */
    Map<String, Instant> recent(Instant now, Duration window) {
        Map<String, Instant> kept = new TreeMap<>();
        announced.forEach((token, at) -> {
            if (Duration.between(at, now).abs().compareTo(window) <= 0) {
                kept.put(token, at);
            }
        });
        return kept;
    }

    /** The version as text for fingerprints: roles, flags and digests only. */
    String versionText() {
        return String.join(",", privilegedRoles).toLowerCase(Locale.ROOT) + "|" + breakGlass + "|" + disabled + "|"
                + department + "|" + manager;
    }

    static String digest(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return sha256(value.trim().toLowerCase(Locale.ROOT)).substring(0, 16);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
