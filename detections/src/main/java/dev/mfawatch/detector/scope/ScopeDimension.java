package dev.mfawatch.detector.scope;

import java.util.Locale;

/** The dimensions of an exception's scope a sign-in is checked against (principals select the candidates). */
public enum ScopeDimension {
    APP, PROTOCOL, NETWORK, COUNTRY;

    /** Lower-case name used in alert details, e.g. {@code network}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
