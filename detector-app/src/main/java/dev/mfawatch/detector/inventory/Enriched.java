package dev.mfawatch.detector.inventory;

import dev.mfawatch.model.signin.SignInEvent;
import java.util.Objects;

/** A sign-in with its principal's inventory facts; {@code inventory} is null when the inventory does not know it. */
public record Enriched(SignInEvent event, InventoryFacts inventory) {
    public Enriched {
        Objects.requireNonNull(event, "event == null");
    }
}
