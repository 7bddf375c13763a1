package io.shopstream.shopify;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** Waits between attempts. Pure: randomness is injected. */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /**
     * Exponential backoff with full jitter before retry number {@code retry} (1 = the first retry): uniform in
     * [0, min(max, initial * 2^(retry-1))).
     */
    public Duration beforeRetry(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 62);
        double ceiling = Math.min((double) maxNanos, initialNanos * Math.pow(2, doublings));
        return Duration.ofNanos((long) (random.getAsDouble() * ceiling));
    }

    /** After THROTTLED: until the bucket holds the requested cost again, {@code (requested - available) / rate}. */
    public static Duration throttleWait(double requested, double available, double restoreRate) {
        double seconds = Math.max(0, requested - available) / restoreRate;
        return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
    }

    /** {@code Retry-After} in seconds, possibly fractional ({@code "2.0"}); empty when absent or not a number. */
    public static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(header.trim());
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil(seconds * 1e9)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
