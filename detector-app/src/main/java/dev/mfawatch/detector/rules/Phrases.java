package dev.mfawatch.detector.rules;

import dev.mfawatch.model.signin.SignInEvent;

/** Words shared by the detectors' one-sentence summaries. */
public final class Phrases {

    private Phrases() {
    }

    /** e.g. "to Exchange Online over IMAP from 203.0.113.7 (DE)". */
    public static String where(SignInEvent e) {
        String app = e.app().name() != null ? e.app().name() : e.app().id() != null ? e.app().id() : "an unknown app";
        String protocol = e.client().protocol() == null ? "an unknown client" : e.client().protocol().name();
        String ip = e.network().ip() == null ? "an unknown address" : e.network().ip();
        String country = e.network().country() == null ? "" : " (" + e.network().country() + ")";
        return "to " + app + " over " + protocol + " from " + ip + country;
    }
}
