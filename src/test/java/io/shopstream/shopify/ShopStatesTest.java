package io.shopstream.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

class ShopStatesTest {

    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final String IDLE_SHOP = "idle.myshopify.com";
    private static final String BUSY_SHOP = "busy.myshopify.com";

    /** Timers that never fire: these tests only look at which states are kept. */
    private static final Timers NO_TIMERS = new Timers() {
        @Override
        public long schedule(long delayMillis, Runnable action) {
            return 1;
        }

        @Override
        public void cancel(long id) {
        }
    };

    private final FakeClock clock = new FakeClock();
    private final ShopStates shops = new ShopStates(Plans.builtIn(), 1, NO_TIMERS, 10, clock, IDLE);

    @Test
    void evictsAShopIdleForTheEvictionTime() {
        ShopStates.ShopState state = shops.get(IDLE_SHOP, "standard");
        state.graphql.settle(state.graphql.reserve(10), observed(1500), clock.getAsLong());
        clock.advance(IDLE.minusSeconds(1));
        assertThat(shops.evictIdle()).isZero();
        assertThat(shops.known(IDLE_SHOP)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(shops.evictIdle()).isEqualTo(1);
        assertThat(shops.known(IDLE_SHOP)).isFalse();
    }

    @Test
    void keepsAShopWithACallInFlightOrQueued() {
        ShopStates.ShopState inFlight = shops.get(BUSY_SHOP, "standard");
        inFlight.graphql.reserve(10);
        ShopStates.ShopState queued = shops.get(IDLE_SHOP, "standard");
        // the bucket is not observed yet and one request is in flight: the second one queues
        queued.graphqlPacer.acquire(10, false, true, "op").subscribe().withSubscriber(UniAssertSubscriber.create());
        queued.graphqlPacer.acquire(10, false, true, "op").subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertNotTerminated();
        clock.advance(IDLE.multipliedBy(3));
        assertThat(shops.evictIdle()).isZero();
        assertThat(shops.known(BUSY_SHOP)).isTrue();
        assertThat(shops.known(IDLE_SHOP)).isTrue();
    }

    @Test
    void keepsAShopCalledWithinTheEvictionTime() {
        shops.get(BUSY_SHOP, "standard");
        clock.advance(IDLE.minusMinutes(1));
        shops.get(BUSY_SHOP, "standard");
        clock.advance(Duration.ofMinutes(2));
        assertThat(shops.evictIdle()).isZero();
        assertThat(shops.known(BUSY_SHOP)).isTrue();
    }

    @Test
    void aShopUsedAgainAfterEvictionStartsFromThePlanDefaults() {
        ShopStates.ShopState before = shops.get(IDLE_SHOP, "advanced");
        before.graphql.settle(before.graphql.reserve(10), observed(0), clock.getAsLong());
        assertThat(before.graphql.observed()).isTrue();
        clock.advance(IDLE);
        shops.evictIdle();

        ShopStates.ShopState after = shops.get(IDLE_SHOP, "standard");
        assertThat(after).isNotSameAs(before);
        assertThat(after.graphql.observed()).isFalse();
        assertThat(after.graphql.maximum()).isEqualTo(PlanLimits.STANDARD.maximumAvailable());
        assertThat(after.graphql.restoreRate()).isEqualTo(PlanLimits.STANDARD.restoreRate());
        assertThat(after.graphql.available()).isEqualTo(PlanLimits.STANDARD.maximumAvailable());
        assertThat(after.rest.used()).isZero();
    }

    private static QueryCost observed(double available) {
        return new QueryCost(10, 10.0, new ThrottleStatus(2000, available, 100));
    }
}
