package dev.mfawatch.model.signin;

import dev.mfawatch.model.Checks;
import java.time.Instant;

/** One canonical sign-in attempt, whatever the provider. Keyed by {@code principal.id} on the topic. */
public record SignInEvent(
        String eventId,
        String source,
        Instant time,
        PrincipalRef principal,
        AppRef app,
        ClientInfo client,
        SignInResult result,
        String errorCode,
        String failureReason,
        MfaInfo mfa,
        NetworkInfo network,
        DeviceInfo device,
        String sessionId,
        String correlationId,
        RawRef raw) {

    public SignInEvent {
        Checks.requiredText(eventId, "eventId");
        Checks.requiredText(source, "source");
        Checks.required(time, "time");
        Checks.required(principal, "principal");
        Checks.required(result, "result");
        mfa = mfa == null ? MfaInfo.none() : mfa;
        app = app == null ? new AppRef(null, null) : app;
        client = client == null ? new ClientInfo(null, null, null) : client;
        network = network == null ? new NetworkInfo(null, null, null, null, null, null) : network;
    }

    /** Interactive unless the source says otherwise. */
    public boolean interactive() {
        return client.interactive() == null || client.interactive();
    }
}
