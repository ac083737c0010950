package dev.mfawatch.detector.identity;

import dev.mfawatch.detector.ingest.raw.RawOutcome;
import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The raw ingest path's identity step, right after {@code raw-<source>-normalize}: sign-ins,
 * session parts and directory changes under an inventory alias are rewritten to the principal id
 * ({@link AliasResolver}) and re-keyed where the key was that alias, before anything is published
 * or correlated. Session parts keyed by session id keep their key (the session is the same).
 * Dead letters pass unchanged.
 */
public final class RawIdentityProcessor implements Processor<String, RawOutcome, String, RawOutcome> {

    private AliasResolver resolver;
    private ProcessorContext<String, RawOutcome> context;

    @Override
    public void init(ProcessorContext<String, RawOutcome> context) {
        this.context = context;
        resolver = IdentityResolution.resolver(context);
    }

    @Override
    public void process(Record<String, RawOutcome> record) {
        RawOutcome out = record.value();
        String key = record.key();
        if (out instanceof RawOutcome.SignIn s) {
            SignInEvent e = resolver.resolve(s.event());
            if (e != s.event()) {
                out = new RawOutcome.SignIn(e);
                key = e.principal().id();
            }
        } else if (out instanceof RawOutcome.SessionPart s) {
            SignInEvent e = resolver.resolve(s.event());
            if (e != s.event()) {
                out = new RawOutcome.SessionPart(e, s.part());
                key = Objects.equals(key, s.event().principal().id()) ? e.principal().id() : key;
            }
        } else if (out instanceof RawOutcome.Change c) {
            DirectoryChange ch = resolver.resolve(c.change());
            if (ch != c.change()) {
                out = new RawOutcome.Change(ch);
                key = ch.targets().get(0);
            }
        }
        context.forward(out == record.value() ? record : record.withKey(key).withValue(out));
    }
}
