package dev.mfawatch.normalize;

/**
 * A value of an event that was set to null because it was nonsense, while the event itself was
 * kept: at {@code element}/{@code item} of the record (as in {@link Outcome}), the canonical
 * {@code field} ({@code network.lat}, …) and a bounded {@code reason}
 * ({@link dev.mfawatch.normalize.geo.DropReason} code).
 */
public record DroppedValue(int element, int item, String field, String reason) {
}
