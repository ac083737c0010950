package dev.mfawatch.detector.api;

/**
 * An answer other than 200, with a message safe to return (it never quotes an id or a payload).
 * {@code retryAfterSeconds} is set for 503s that go away by themselves (a rebalance, an instance restarting).
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    public ApiError(int status, String message, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, what, null);
    }

    public static ApiError unavailable(String why, int retryAfterSeconds) {
        return new ApiError(503, why, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
