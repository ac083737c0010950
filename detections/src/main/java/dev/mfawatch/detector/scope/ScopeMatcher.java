package dev.mfawatch.detector.scope;

import dev.mfawatch.model.register.Scope;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a sign-in against an exception's scope, dimension by dimension. An empty list means the
 * exception is not restricted in that dimension. A restricted dimension the sign-in does not
 * report (no IP, no app, no country) is a mismatch: an exception only covers what it can be shown
 * to cover. Policies are not checked: a canonical sign-in does not say which policy applied.
 */
public final class ScopeMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ScopeMatcher.class);
    /** The register is small; the cap only guards against a register that churns its networks. */
    private static final int CACHE_MAX = 10_000;
    private static final Map<String, Optional<Cidr>> CIDRS = new ConcurrentHashMap<>();

    private ScopeMatcher() {
    }

    /** The dimensions in which {@code event} falls outside {@code scope}; empty = in scope. */
    public static Set<ScopeDimension> mismatches(Scope scope, SignInEvent event) {
        Set<ScopeDimension> out = EnumSet.noneOf(ScopeDimension.class);
        if (!appMatches(scope.apps(), event)) {
            out.add(ScopeDimension.APP);
        }
        if (!protocolMatches(scope.protocols(), event)) {
            out.add(ScopeDimension.PROTOCOL);
        }
        if (!networkMatches(scope.networks(), event.network().ip())) {
            out.add(ScopeDimension.NETWORK);
        }
        if (!anyEqualsIgnoreCase(scope.countries(), event.network().country())) {
            out.add(ScopeDimension.COUNTRY);
        }
        return out;
    }

    /** The scope's allowed values in one dimension, for alert evidence. */
    public static List<String> allowed(Scope scope, ScopeDimension d) {
        return switch (d) {
            case APP -> scope.apps();
            case PROTOCOL -> scope.protocols();
            case NETWORK -> scope.networks();
            case COUNTRY -> scope.countries();
        };
    }

    /** What the sign-in showed in one dimension, for alert evidence ("unknown" when absent). */
    public static String actual(SignInEvent event, ScopeDimension d) {
        String v = switch (d) {
            case APP -> event.app().name() != null ? event.app().name() : event.app().id();
            case PROTOCOL -> event.client().protocol() == null ? null : event.client().protocol().name();
            case NETWORK -> event.network().ip();
            case COUNTRY -> event.network().country();
        };
        return v == null ? "unknown" : v;
    }

    static boolean appMatches(List<String> apps, SignInEvent event) {
        if (apps.isEmpty()) {
            return true;
        }
        return anyEqualsIgnoreCase(apps, event.app().id()) || anyEqualsIgnoreCase(apps, event.app().name());
    }

    static boolean protocolMatches(List<String> protocols, SignInEvent event) {
        if (protocols.isEmpty()) {
            return true;
        }
        return event.client().protocol() != null && anyEqualsIgnoreCase(protocols, event.client().protocol().name());
    }

    static boolean networkMatches(List<String> networks, String ip) {
        if (networks.isEmpty()) {
            return true;
        }
        if (ip == null) {
            return false;
        }
        for (String n : networks) {
            Optional<Cidr> cidr = cidr(n);
            if (cidr.isPresent() && cidr.get().contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyEqualsIgnoreCase(List<String> allowed, String value) {
        if (allowed.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        String v = value.trim();
        for (String a : allowed) {
            if (a != null && a.trim().equalsIgnoreCase(v)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Cidr> cidr(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Cidr> cached = CIDRS.get(text);
        if (cached != null) {
            return cached;
        }
        Optional<Cidr> parsed;
        try {
            parsed = Optional.of(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            // register-sync validates networks; one that slips through matches nothing.
            LOG.warn("ignoring an invalid network in an exception scope: {}", e.getMessage());
            parsed = Optional.empty();
        }
        if (CIDRS.size() >= CACHE_MAX) {
            CIDRS.clear();
        }
        CIDRS.put(text, parsed);
        return parsed;
    }
}
