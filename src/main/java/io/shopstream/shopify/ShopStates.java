package io.shopstream.shopify;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Each shop's rate-limit models and queues, created on first use with the shop's plan, and evicted once the shop has
 * been idle (nothing queued, nothing in flight, no call started) for {@code idleEviction}: a shop used again starts
 * from its plan's defaults, as on its first call.
 */
public final class ShopStates {

    private static final long ACTIVE_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** One shop: GraphQL cost bucket and REST leaky bucket, each with its own queue. */
    static final class ShopState {
        final CostBucket graphql;
        final Pacer graphqlPacer;
        final RestBucket rest;
        final Pacer restPacer;
        volatile long lastUsed;

        ShopState(String shop, PlanLimits plan, double marginSeconds, Timers timers, int maxQueued,
                LongSupplier clock) {
            this.graphql = new CostBucket(plan, marginSeconds, clock);
            this.graphqlPacer = new Pacer(shop, graphql, timers, maxQueued, clock);
            this.rest = new RestBucket(plan, clock);
            this.restPacer = new Pacer(shop, rest, timers, maxQueued, clock);
        }

        boolean idleSince(long cutoff) {
            return lastUsed <= cutoff && graphqlPacer.idle() && restPacer.idle() && graphql.inFlight() == 0
                    && rest.inFlight() == 0;
        }
    }

    private final Map<String, ShopState> shops = new ConcurrentHashMap<>();
    private final Plans plans;
    private final double marginSeconds;
    private final Timers timers;
    private final int maxQueued;
    private final LongSupplier clock;
    private final long idleEvictionNanos;

    public ShopStates(Plans plans, double marginSeconds, Timers timers, int maxQueued, LongSupplier clock,
            Duration idleEviction) {
        this.plans = plans;
        this.marginSeconds = marginSeconds;
        this.timers = timers;
        this.maxQueued = maxQueued;
        this.clock = clock;
        this.idleEvictionNanos = idleEviction.toNanos();
    }

    /** The shop's state (a new one on its first call, or its first since eviction), marked used now. */
    ShopState get(String shop, String plan) {
        long now = clock.getAsLong();
        // compute, not computeIfAbsent (whose hit path takes no lock): serialised with the sweep's removal, so a
        // caller never gets a state that is being evicted
        return shops.compute(shop, (s, current) -> {
            ShopState state = current != null ? current
                    : new ShopState(s, plans.limits(plan), marginSeconds, timers, maxQueued, clock);
            state.lastUsed = now;
            return state;
        });
    }

    /** Whether the shop has a state (for tests and diagnostics). */
    boolean known(String shop) {
        return shops.containsKey(shop);
    }

    /** Shops with a state. */
    public int size() {
        return shops.size();
    }

    /** Removes the states of shops idle for the eviction time; the number removed. */
    public int evictIdle() {
        long cutoff = clock.getAsLong() - idleEvictionNanos;
        int evicted = 0;
        for (String shop : shops.keySet()) {
            // only this sweep removes states: no state left means this one was idle
            if (shops.computeIfPresent(shop, (s, state) -> state.idleSince(cutoff) ? null : state) == null) {
                evicted++;
            }
        }
        return evicted;
    }

    /** Mean of (1 - available / maximum) over the shops called in the last minute; 0 when none was. */
    public double meanUtilisation() {
        long now = clock.getAsLong();
        double sum = 0;
        int active = 0;
        for (ShopState state : shops.values()) {
            if (now - state.lastUsed <= ACTIVE_NANOS) {
                sum += state.graphql.utilisation();
                active++;
            }
        }
        return active == 0 ? 0 : sum / active;
    }
}
