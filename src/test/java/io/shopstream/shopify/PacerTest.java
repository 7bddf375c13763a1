package io.shopstream.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

class PacerTest {

    /** Fake timers on the fake clock: fire when the clock passes them. */
    private static final class FakeTimers implements Timers {
        final FakeClock clock;
        final TreeMap<Long, List<Runnable>> due = new TreeMap<>();
        final List<Long> delays = new ArrayList<>();
        long ids;

        FakeTimers(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public long schedule(long delayMillis, Runnable action) {
            delays.add(delayMillis);
            due.computeIfAbsent(clock.getAsLong() + Duration.ofMillis(delayMillis).toNanos(), t -> new ArrayList<>())
                    .add(action);
            return ids++;
        }

        @Override
        public void cancel(long id) {
            // timers fire at most once; a cancelled one only re-evaluates the queue, which is harmless
        }

        void runUntil(long nanos) {
            while (!due.isEmpty() && due.firstKey() <= nanos) {
                var next = due.pollFirstEntry();
                clock.advance(Duration.ofNanos(Math.max(0, next.getKey() - clock.getAsLong())));
                next.getValue().forEach(Runnable::run);
            }
        }
    }

    private final FakeClock clock = new FakeClock();
    private final FakeTimers timers = new FakeTimers(clock);

    private CostBucket observedEmptyBucket() {
        CostBucket bucket = new CostBucket(PlanLimits.STANDARD, 0, clock);
        bucket.settle(bucket.reserve(10), new QueryCost(10, 10.0, new ThrottleStatus(2000, 0, 100)),
                clock.getAsLong());
        return bucket;
    }

    @Test
    void releasesWaitersInOrderWhenTheBucketHoldsTheirCost() {
        Pacer pacer = new Pacer("a.myshopify.com", observedEmptyBucket(), timers, 10, clock);
        var first = pacer.acquire(10, false, true, "op").subscribe().withSubscriber(UniAssertSubscriber.create());
        var second = pacer.acquire(10, false, true, "op").subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(timers.delays).containsExactly(100L);
        first.assertNotTerminated();
        long start = clock.getAsLong();
        timers.runUntil(start + Duration.ofMillis(100).toNanos());
        assertThat(first.awaitItem().getItem().cost()).isEqualTo(10);
        second.assertNotTerminated();
        timers.runUntil(start + Duration.ofMillis(200).toNanos());
        second.assertCompleted();
        assertThat(timers.delays).containsExactly(100L, 100L);
    }

    @Test
    void failsFastWhenTheShopsQueueIsFull() {
        Pacer pacer = new Pacer("a.myshopify.com", observedEmptyBucket(), timers, 1, clock);
        pacer.acquire(10, false, true, "op").subscribe().withSubscriber(UniAssertSubscriber.create());
        pacer.acquire(10, false, true, "op").subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(ShopQueueFullException.class, "max-queued-per-shop");
    }

    @Test
    void aRetryJumpsTheQueue() {
        Pacer pacer = new Pacer("a.myshopify.com", observedEmptyBucket(), timers, 10, clock);
        var waiting = pacer.acquire(10, false, true, "op").subscribe().withSubscriber(UniAssertSubscriber.create());
        var retry = pacer.acquire(10, true, false, "op").subscribe().withSubscriber(UniAssertSubscriber.create());
        timers.runUntil(clock.getAsLong() + Duration.ofMillis(100).toNanos());
        retry.assertCompleted();
        waiting.assertNotTerminated();
    }
}
