package dev.mfawatch.model.signin;

/** interactive is null when the source does not say; detectors then treat the sign-in as interactive. */
public record ClientInfo(ClientProtocol protocol, String userAgent, Boolean interactive) {
}
