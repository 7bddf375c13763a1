package io.shopstream.shopify;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The client's model of one shop's legacy REST leaky bucket: each request adds one, the bucket leaks at the plan's
 * rate, and a full bucket gets 429. Corrected from every response's {@code X-Shopify-Shop-Api-Call-Limit}
 * ({@code used/size}), minus what has leaked since, plus requests still in flight. Pure, with an injectable clock.
 * One slot always stays free as a margin.
 */
public final class RestBucket implements Budget {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double MARGIN = 1;

    private final LongSupplier clock;
    private final double leakRate;
    private final Set<Long> inFlight = new HashSet<>();
    private double size;
    private double used;
    private long at;
    private long nextSequence;
    private long blockedUntil;

    public RestBucket(PlanLimits plan, LongSupplier clock) {
        this.clock = clock;
        this.size = plan.restBucketSize();
        this.leakRate = plan.restLeakRate();
        this.at = clock.getAsLong();
        this.blockedUntil = at;
    }

    /** Parses {@code X-Shopify-Shop-Api-Call-Limit}: {@code "32/40"} is 32 used of 40. */
    public static Optional<double[]> parseCallLimit(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int slash = header.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        try {
            double used = Double.parseDouble(header.substring(0, slash).trim());
            double size = Double.parseDouble(header.substring(slash + 1).trim());
            return size > 0 && used >= 0 ? Optional.of(new double[] {used, size}) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public synchronized double used() {
        leak();
        return used;
    }

    /** Requests reserved and not yet settled, throttled or released. */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    @Override
    public synchronized long nanosUntil(double cost, boolean withMargin) {
        leak();
        long now = clock.getAsLong();
        long blocked = Math.max(0, blockedUntil - now);
        double excess = used + cost - Math.max(1, size - (withMargin ? MARGIN : 0));
        long leakWait = excess <= 0 ? 0 : (long) Math.ceil(excess / leakRate * NANOS_PER_SECOND);
        return Math.max(blocked, leakWait);
    }

    @Override
    public synchronized Reservation reserve(double cost) {
        leak();
        used += cost;
        Reservation reservation = new Reservation(nextSequence++, cost);
        inFlight.add(reservation.sequence());
        return reservation;
    }

    /** A response arrived at {@code receivedAt} with its call-limit header (if any). */
    public synchronized void settle(Reservation reservation, String callLimit, long receivedAt) {
        inFlight.remove(reservation.sequence());
        Optional<double[]> parsed = parseCallLimit(callLimit);
        if (parsed.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        size = parsed.get()[1];
        double leaked = Math.max(0, now - receivedAt) / NANOS_PER_SECOND * leakRate;
        used = Math.max(0, parsed.get()[0] - leaked) + inFlight.size();
        at = now;
    }

    /** HTTP 429: nothing is sent before {@code retryAfterNanos} has passed, and the bucket counts as full. */
    public synchronized void throttled(Reservation reservation, long retryAfterNanos) {
        inFlight.remove(reservation.sequence());
        leak();
        used = Math.max(used, size);
        blockedUntil = Math.max(blockedUntil, clock.getAsLong() + retryAfterNanos);
    }

    /** Not sent, or refused without counting: the slot returns. */
    public synchronized void release(Reservation reservation) {
        if (inFlight.remove(reservation.sequence())) {
            leak();
            used = Math.max(0, used - reservation.cost());
        }
    }

    private void leak() {
        long now = clock.getAsLong();
        if (now > at) {
            used = Math.max(0, used - (now - at) / NANOS_PER_SECOND * leakRate);
            at = now;
        }
    }
}
