package dev.mfawatch.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the UTC instants the canonical records are written with ({@code Instant.toString()}, ending
 * in {@code Z}) through {@link IsoInstants}; every other token and text, and any property with its
 * own {@code @JsonFormat}, goes to jsr310's {@link InstantDeserializer}, so what binds and what fails
 * is unchanged. Every canonical sign-in carries one instant, read on each hop.
 */
final class FastInstantDeserializer extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

    private final InstantDeserializer<Instant> delegate;

    FastInstantDeserializer(InstantDeserializer<Instant> delegate) {
        super(Instant.class);
        this.delegate = delegate;
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            String text = p.getText();
            if (!text.isEmpty() && text.charAt(text.length() - 1) == 'Z') {
                Instant fast = IsoInstants.parse(text);
                if (fast != null) {
                    return fast;
                }
            }
        }
        return delegate.deserialize(p, ctxt);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
            throws JsonMappingException {
        JsonDeserializer<?> contextual = delegate.createContextual(ctxt, property);
        return contextual == delegate ? this : contextual;
    }
}
