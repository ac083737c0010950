package dev.mfawatch.model.signin;

/** Where the provider's original record lives, so an analyst can pull the evidence. */
public record RawRef(String topic, Integer partition, Long offset, String recordId) {
}
