package dev.mfawatch.detector.api;

/**
 * What the API answers, one method per route; each returns the JSON body (rendered by
 * {@code Json.MAPPER}) or throws {@link ApiError}. {@link ApiQueries} answers from Kafka Streams.
 */
public interface Answers {

    Object exceptions();

    Object exception(String id);

    Object principal(String idOrAlias);

    /** This instance's own part of the usage view (asked by another instance). */
    Object internalUsage();

    /** This instance's own value of {@code key} in {@code store} (asked by another instance). */
    Object internalStore(String store, String key);
}
