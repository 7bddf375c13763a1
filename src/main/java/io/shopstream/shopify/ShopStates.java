package io.shopstream.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Each shop's rate-limit models and queues, created on first use with the shop's plan. */
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
            this.graphqlPacer = new Pacer(shop, graphql, timers, maxQueued);
            this.rest = new RestBucket(plan, clock);
            this.restPacer = new Pacer(shop, rest, timers, maxQueued);
        }
    }

    private final Map<String, ShopState> shops = new ConcurrentHashMap<>();
    private final Plans plans;
    private final double marginSeconds;
    private final Timers timers;
    private final int maxQueued;
    private final LongSupplier clock;

    public ShopStates(Plans plans, double marginSeconds, Timers timers, int maxQueued, LongSupplier clock) {
        this.plans = plans;
        this.marginSeconds = marginSeconds;
        this.timers = timers;
        this.maxQueued = maxQueued;
        this.clock = clock;
    }

    ShopState get(String shop, String plan) {
        ShopState state = shops.computeIfAbsent(shop,
                s -> new ShopState(s, plans.limits(plan), marginSeconds, timers, maxQueued, clock));
        state.lastUsed = clock.getAsLong();
        return state;
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
