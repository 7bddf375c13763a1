package io.shopstream.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CostBucketTest {

    private static final double NO_MARGIN = 0;
    private final FakeClock clock = new FakeClock();

    private static QueryCost cost(double requested, Double actual, double available) {
        return new QueryCost(requested, actual, new ThrottleStatus(2000, available, 100));
    }

    @Test
    void startsFullAtThePlanDefaults() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        assertThat(bucket.available()).isEqualTo(2000);
        assertThat(bucket.nanosUntil(10, true)).isZero();
    }

    @Test
    void reservationWaitsExactlyUntilTheRestoreRateRefillsIt() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        bucket.reserve(1995);
        bucket.settle(new Reservation(0, 1995), cost(1995, 1995.0, 5), clock.getAsLong());
        // 5 available, 10 wanted: 5 points at 100/s = 50 ms
        assertThat(bucket.nanosUntil(10, true)).isEqualTo(Duration.ofMillis(50).toNanos());
        clock.advance(Duration.ofMillis(50));
        assertThat(bucket.nanosUntil(10, true)).isZero();
    }

    @Test
    void safetyMarginStaysUnreservedUnlessAfterAThrottle() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, 0.5, clock);
        Reservation first = bucket.reserve(10);
        bucket.settle(first, cost(10, 10.0, 60), clock.getAsLong());
        // 60 available; 10 + 50 (0.5 s at 100/s) fits exactly, a little more does not
        assertThat(bucket.nanosUntil(10, true)).isZero();
        assertThat(bucket.nanosUntil(20, true)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(bucket.nanosUntil(20, false)).isZero();
    }

    @Test
    void correctionCountsTimeSinceTheResponseAndRequestsStillInFlight() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        Reservation first = bucket.reserve(10);
        bucket.settle(first, cost(10, 10.0, 1990), clock.getAsLong()); // observed
        Reservation second = bucket.reserve(10);
        Reservation third = bucket.reserve(10);
        long receivedAt = clock.getAsLong();
        clock.advance(Duration.ofMillis(200));
        // Shopify saw 500 left when it answered the second; 200 ms later 20 more, minus the third still in flight
        bucket.settle(second, cost(10, 10.0, 500), receivedAt);
        assertThat(bucket.available()).isCloseTo(500 + 20 - 10, within(1e-9));
        bucket.settle(third, cost(10, 10.0, 510), clock.getAsLong());
        assertThat(bucket.available()).isCloseTo(510, within(1e-9));
    }

    @Test
    void anOlderResponseOnlyRefundsWhatWasNotCharged() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        Reservation older = bucket.reserve(50);
        Reservation newer = bucket.reserve(50);
        bucket.settle(newer, cost(50, 20.0, 1000), clock.getAsLong());
        assertThat(bucket.available()).isCloseTo(1000 - 50, within(1e-9));
        // the older answer arrives late: its snapshot is stale, only requested - actual comes back
        bucket.settle(older, cost(50, 8.0, 1900), clock.getAsLong());
        assertThat(bucket.available()).isCloseTo(1000 - 50 + 42, within(1e-9));
    }

    @Test
    void refundsRequestedMinusActualWhenShopifySaysNothingNewer() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        Reservation reservation = bucket.reserve(22);
        bucket.settle(reservation, new QueryCost(22, 6.0, null), clock.getAsLong());
        assertThat(bucket.available()).isCloseTo(2000 - 6, within(1e-9));
    }

    @Test
    void oneRequestAtATimeUntilTheFirstResponse() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        Reservation probe = bucket.reserve(10);
        assertThat(bucket.nanosUntil(10, true)).isEqualTo(Budget.UNTIL_WOKEN);
        bucket.settle(probe, cost(10, 10.0, 0), clock.getAsLong());
        assertThat(bucket.observed()).isTrue();
        assertThat(bucket.nanosUntil(10, true)).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void throttledResponseCorrectsTheBucketAndChargesNothing() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        Reservation reservation = bucket.reserve(22);
        bucket.settle(reservation, cost(22, null, 14), clock.getAsLong());
        assertThat(bucket.available()).isCloseTo(14, within(1e-9));
        assertThat(bucket.nanosUntil(22, false)).isEqualTo(Duration.ofMillis(80).toNanos());
    }

    @Test
    void releaseReturnsTheWholeReservationAndForfeitKeepsItSpent() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        bucket.release(bucket.reserve(100));
        assertThat(bucket.available()).isEqualTo(2000);
        bucket.forfeit(bucket.reserve(100));
        assertThat(bucket.available()).isEqualTo(1900);
        clock.advance(Duration.ofSeconds(1));
        assertThat(bucket.available()).isEqualTo(2000);
    }

    @Test
    void neverRefillsAboveTheMaximumAndFollowsShopifysNumbers() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        Reservation reservation = bucket.reserve(10);
        bucket.settle(reservation, new QueryCost(10, 10.0, new ThrottleStatus(1000, 990, 50)), clock.getAsLong());
        clock.advance(Duration.ofMinutes(1));
        assertThat(bucket.available()).isEqualTo(1000);
        assertThat(bucket.restoreRate()).isEqualTo(50);
        assertThat(bucket.utilisation()).isZero();
    }

    @Test
    void drainsAtTheRestoreRate() {
        // a backlog of 10-point mutations from an empty bucket: one every 100 ms, i.e. 100 points/s
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, NO_MARGIN, clock);
        Reservation probe = bucket.reserve(10);
        bucket.settle(probe, cost(10, 10.0, 0), clock.getAsLong());
        long start = clock.getAsLong();
        int sent = 0;
        while (clock.getAsLong() - start < Duration.ofSeconds(10).toNanos()) {
            long wait = bucket.nanosUntil(10, true);
            if (wait > 0) {
                clock.advance(Duration.ofNanos(wait));
                continue;
            }
            bucket.settle(bucket.reserve(10), new QueryCost(10, 10.0, null), clock.getAsLong());
            sent++;
        }
        assertThat(sent * 10 / 10.0).isBetween(99.0, 101.0);
    }
}
