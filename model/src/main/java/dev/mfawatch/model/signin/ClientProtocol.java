package dev.mfawatch.model.signin;

/** How the client authenticated; EAS..OTHER_LEGACY cannot do modern MFA. */
public enum ClientProtocol {
    BROWSER, MOBILE_DESKTOP, EAS, IMAP, POP, SMTP, ROPC, OTHER_LEGACY, API;

    public boolean legacy() {
        return switch (this) {
            case EAS, IMAP, POP, SMTP, ROPC, OTHER_LEGACY -> true;
            default -> false;
        };
    }
}
