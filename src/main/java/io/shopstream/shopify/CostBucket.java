package io.shopstream.shopify;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The client's model of one shop's GraphQL cost bucket (a leaky bucket of points). Pure: time comes from an
 * injectable nanosecond clock.
 * <p>
 * A request reserves its expected cost before it is sent. Every response's {@code throttleStatus} then replaces the
 * model: Shopify's {@code currentlyAvailable}, minus what other requests still in flight have reserved (Shopify may
 * not have charged them yet), plus what was restored since the response arrived. Responses can overtake each
 * other, so only a response to a request sent after the last one applied corrects the model; an older one just
 * refunds {@code reserved - actual}. Until the first response, a shop sends one request at a time: the bucket
 * may be nearly empty (another instance, a restart) and a burst would be throttled.
 * <p>
 * A safety margin stays unreserved to absorb the server's refill granularity and clock differences.
 */
public final class CostBucket implements Budget {

    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier clock;
    private final double safetyMargin;
    private final Map<Long, Double> inFlight = new HashMap<>();
    private double maximum;
    private double restoreRate;
    private double available;
    private long at;
    private long nextSequence;
    private long lastApplied = -1;
    private boolean observed;

    /**
     * @param marginSeconds the unreserved margin, in seconds of the restore rate
     */
    public CostBucket(PlanLimits plan, double marginSeconds, LongSupplier clock) {
        this.clock = clock;
        this.maximum = plan.maximumAvailable();
        this.restoreRate = plan.restoreRate();
        this.available = maximum;
        this.safetyMargin = marginSeconds;
        this.at = clock.getAsLong();
    }

    public synchronized double available() {
        refill();
        return available;
    }

    public synchronized double maximum() {
        return maximum;
    }

    public synchronized double restoreRate() {
        return restoreRate;
    }

    /** Requests reserved and not yet settled, released or forfeited. */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    /** Whether a response has told the real state of the bucket yet. */
    public synchronized boolean observed() {
        return observed;
    }

    @Override
    public synchronized long nanosUntil(double cost, boolean withMargin) {
        if (!observed && !inFlight.isEmpty()) {
            return UNTIL_WOKEN;
        }
        refill();
        double needed = Math.min(cost + (withMargin ? margin() : 0), maximum) - available;
        if (needed <= 0) {
            return 0;
        }
        return (long) Math.ceil(needed / restoreRate * NANOS_PER_SECOND);
    }

    @Override
    public synchronized Reservation reserve(double cost) {
        refill();
        available -= cost;
        Reservation reservation = new Reservation(nextSequence++, cost);
        inFlight.put(reservation.sequence(), cost);
        return reservation;
    }

    /**
     * A response written by Shopify at about {@code receivedAt} (clock nanos) arrived with {@code cost}. Corrects the model, or refunds the
     * unused part of the reservation when a newer response has corrected it already.
     */
    public synchronized void settle(Reservation reservation, QueryCost cost, long receivedAt) {
        inFlight.remove(reservation.sequence());
        ThrottleStatus status = cost.throttleStatus();
        if (status != null && reservation.sequence() > lastApplied) {
            lastApplied = reservation.sequence();
            observed = true;
            maximum = status.maximumAvailable();
            restoreRate = status.restoreRate();
            long now = clock.getAsLong();
            double restoredSince = Math.max(0, now - receivedAt) / NANOS_PER_SECOND * restoreRate;
            available = Math.min(maximum, status.currentlyAvailable() + restoredSince) - reservedInFlight();
            at = now;
        } else {
            refill();
            double charged = cost.actualQueryCost() == null ? 0 : cost.actualQueryCost();
            available = Math.min(maximum, available + reservation.cost() - charged);
        }
    }

    /** The request was not charged (refused before execution, or never sent): the whole reservation returns. */
    public synchronized void release(Reservation reservation) {
        if (inFlight.remove(reservation.sequence()) != null) {
            refill();
            available = Math.min(maximum, available + reservation.cost());
        }
    }

    /**
     * The request's fate is unknown (server error, timeout): Shopify may have charged it, so the reservation stays
     * spent.
     */
    public synchronized void forfeit(Reservation reservation) {
        inFlight.remove(reservation.sequence());
    }

    /** Throttled without a throttle status (HTTP 429): assume an empty bucket. */
    public synchronized void empty() {
        refill();
        available = Math.min(available, 0);
    }

    /** Share of the bucket in use, 0 (full) to 1 (empty). */
    public synchronized double utilisation() {
        refill();
        return Math.max(0, Math.min(1, 1 - available / maximum));
    }

    private double margin() {
        return safetyMargin * restoreRate;
    }

    private double reservedInFlight() {
        double sum = 0;
        for (double cost : inFlight.values()) {
            sum += cost;
        }
        return sum;
    }

    private void refill() {
        long now = clock.getAsLong();
        if (now > at) {
            available = Math.min(maximum, available + (now - at) / NANOS_PER_SECOND * restoreRate);
            at = now;
        }
    }
}
