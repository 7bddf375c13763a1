package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class InFlightBodiesTest {

    @Test
    void reservesAllOrNothingWithinTheBudgetAndGivesBack() {
        InFlightBodies bodies = new InFlightBodies(100);

        assertThat(bodies.tryReserve(60)).isTrue();
        assertThat(bodies.tryReserve(41)).isFalse();
        assertThat(bodies.reserved()).isEqualTo(60);
        assertThat(bodies.tryReserve(40)).isTrue();
        assertThat(bodies.tryReserve(0)).isTrue();
        assertThat(bodies.tryReserve(1)).isFalse();

        bodies.release(60);
        assertThat(bodies.tryReserve(60)).isTrue();
        assertThat(bodies.reserved()).isEqualTo(100);
    }

    @Test
    void neverExceedsTheBudgetUnderContention() throws Exception {
        InFlightBodies bodies = new InFlightBodies(1_000);
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] tasks = new Future<?>[4];
            for (int t = 0; t < tasks.length; t++) {
                tasks[t] = pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        if (bodies.tryReserve(7)) {
                            granted.incrementAndGet();
                        }
                    }
                });
            }
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted.get()).isEqualTo(1_000 / 7);
        assertThat(bodies.reserved()).isEqualTo(1_000 / 7 * 7L);
    }

    @Test
    void refusesANonPositiveBudgetAndNegativeReservations() {
        assertThatThrownBy(() -> new InFlightBodies(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InFlightBodies(10).tryReserve(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
