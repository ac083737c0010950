package dev.mfawatch.detector.rules;

import dev.mfawatch.model.signin.SignInEvent;

/**
 * Words shared by the detectors' one-sentence summaries. Every optional fact of an event may be
 * missing (a sign-in without an IP, a change without an actor): summaries and detail values name
 * it through {@link #orUnknown} so they never read "from null".
 */
public final class Phrases {

    /** The detail value of a fact the event does not carry. */
    public static final String UNKNOWN = "unknown";

    private Phrases() {
    }

    /** {@code value}, or "an unknown {@code what}" when it is null or blank: e.g. "an unknown address". */
    public static String orUnknown(String value, String what) {
        return value == null || value.isBlank() ? "an unknown " + what : value;
    }

    /** {@code value}, or {@value #UNKNOWN} when it is null or blank: for detail values. */
    public static String orUnknown(Object value) {
        return value == null || value.toString().isBlank() ? UNKNOWN : value.toString();
    }

    /** e.g. "to Exchange Online over IMAP from 203.0.113.7 (DE)". */
    public static String where(SignInEvent e) {
        String app = orUnknown(e.app().name() != null && !e.app().name().isBlank() ? e.app().name() : e.app().id(), "app");
        String protocol = orUnknown(e.client().protocol() == null ? null : e.client().protocol().name(), "client");
        String ip = orUnknown(e.network().ip(), "address");
        String country = e.network().country() == null || e.network().country().isBlank() ? ""
                : " (" + e.network().country() + ")";
        return "to " + app + " over " + protocol + " from " + ip + country;
    }
}
