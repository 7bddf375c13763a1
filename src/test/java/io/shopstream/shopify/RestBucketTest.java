package io.shopstream.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RestBucketTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void parsesTheCallLimitHeader() {
        assertThat(RestBucket.parseCallLimit("32/40")).hasValueSatisfying(v -> assertThat(v).containsExactly(32, 40));
        assertThat(RestBucket.parseCallLimit("40/40")).isPresent();
        assertThat(RestBucket.parseCallLimit("nonsense")).isEmpty();
        assertThat(RestBucket.parseCallLimit("/40")).isEmpty();
        assertThat(RestBucket.parseCallLimit(null)).isEmpty();
    }

    @Test
    void fillsToOneBelowTheBucketThenWaitsForTheLeak() {
        RestBucket bucket = new RestBucket(PlanLimits.STANDARD, clock);
        for (int i = 0; i < 39; i++) {
            assertThat(bucket.nanosUntil(1, true)).isZero();
            bucket.reserve(1);
        }
        // 39 of 40 used, one slot kept free: the next waits for one request to leak at 2/s
        assertThat(bucket.nanosUntil(1, true)).isEqualTo(Duration.ofMillis(500).toNanos());
        clock.advance(Duration.ofMillis(500));
        assertThat(bucket.nanosUntil(1, true)).isZero();
    }

    @Test
    void correctsFromTheHeaderMinusLeakPlusInFlight() {
        RestBucket bucket = new RestBucket(PlanLimits.STANDARD, clock);
        Reservation answered = bucket.reserve(1);
        bucket.reserve(1);
        long receivedAt = clock.getAsLong();
        clock.advance(Duration.ofSeconds(1));
        bucket.settle(answered, "32/40", receivedAt);
        assertThat(bucket.used()).isCloseTo(32 - 2 + 1, within(1e-9));
    }

    @Test
    void after429NothingGoesOutBeforeRetryAfter() {
        RestBucket bucket = new RestBucket(PlanLimits.STANDARD, clock);
        Reservation reservation = bucket.reserve(1);
        bucket.throttled(reservation, Duration.ofSeconds(2).toNanos());
        assertThat(bucket.nanosUntil(1, false)).isEqualTo(Duration.ofSeconds(2).toNanos());
        clock.advance(Duration.ofSeconds(2));
        // 40 used minus 4 leaked: room again
        assertThat(bucket.nanosUntil(1, false)).isZero();
    }
}
