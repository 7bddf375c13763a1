package io.shopstream.shopify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The FIFO queue of one shop's requests waiting for its {@link Budget}. A request goes out at once when nobody waits
 * and the budget has room; otherwise it queues (bounded), and one timer releases the head at exactly the time the
 * budget will hold its cost. Every response calls {@link #wake()}: it may have made room earlier than expected.
 * Per shop: a slow or throttled shop never delays another.
 * <p>
 * The timer is kept across wakes unless the head became due earlier than it fires (by more than
 * {@link #LATE_TOLERANCE_NANOS}): with a backlog every response wakes the pacer, and cancelling and re-arming a timer
 * per response was a large part of the client's CPU with 1,000 busy shops. A timer that fires too early re-arms.
 */
final class Pacer {

    private record Waiter(DoubleSupplier cost, boolean withMargin, UniEmitter<? super Reservation> emitter) {
    }

    /** A head released up to this late is not worth a new timer: the bucket keeps filling meanwhile. */
    static final long LATE_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String shop;
    private final Budget budget;
    private final Timers timers;
    private final int maxQueued;
    private final LongSupplier clock;
    private final Deque<Waiter> queue = new ArrayDeque<>();
    private long timer = -1;
    private long timerDueAt;
    /** Tells the armed timer from a cancelled one whose callback was already on its way. */
    private long timerGeneration;

    Pacer(String shop, Budget budget, Timers timers, int maxQueued, LongSupplier clock) {
        this.shop = shop;
        this.budget = budget;
        this.timers = timers;
        this.maxQueued = maxQueued;
        this.clock = clock;
    }

    /**
     * A reservation of {@code cost}, once the budget allows. {@code retry}: a request admitted before (a retry) goes
     * to the head of the queue, so that it keeps its place. {@code withMargin}: see {@link Budget#nanosUntil}.
     */
    Uni<Reservation> acquire(double cost, boolean retry, boolean withMargin, String operation) {
        return acquire(() -> cost, retry, withMargin, operation);
    }

    /**
     * As {@link #acquire(double, boolean, boolean, String)}, with the cost read again whenever the request is
     * considered: a cost learned while it waits (from a response to another request of the operation, e.g. the first
     * one of a new instance, throttled) applies to it, instead of the initial guess it queued with.
     */
    Uni<Reservation> acquire(DoubleSupplier costs, boolean retry, boolean withMargin, String operation) {
        return Uni.createFrom().emitter(emitter -> {
            Reservation now = null;
            boolean full = false;
            Waiter waiter = new Waiter(costs, withMargin, emitter);
            synchronized (this) {
                double cost = costs.getAsDouble();
                if (queue.isEmpty() && budget.nanosUntil(cost, withMargin) == 0) {
                    now = budget.reserve(cost);
                } else if (!retry && queue.size() >= maxQueued) {
                    full = true;
                } else {
                    if (retry) {
                        // a new head: schedule() moves the timer if it is due earlier
                        queue.addFirst(waiter);
                    } else {
                        queue.addLast(waiter);
                    }
                    schedule();
                }
            }
            if (now != null) {
                emitter.complete(now);
            } else if (full) {
                emitter.fail(new ShopQueueFullException(shop, operation, maxQueued));
            } else {
                emitter.onTermination(() -> forget(waiter));
            }
        });
    }

    synchronized int queued() {
        return queue.size();
    }

    /** Nobody waits. */
    synchronized boolean idle() {
        return queue.isEmpty();
    }

    /** Re-evaluates the head now: a response may have corrected or refunded the budget. */
    void wake() {
        release();
    }

    private void release() {
        List<Waiter> ready = new ArrayList<>();
        List<Reservation> reservations = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && ready(queue.peekFirst())) {
                Waiter head = queue.pollFirst();
                ready.add(head);
                reservations.add(budget.reserve(head.cost().getAsDouble()));
            }
            schedule();
        }
        // completed outside the lock: subscribers send their requests from here
        for (int i = 0; i < ready.size(); i++) {
            ready.get(i).emitter().complete(reservations.get(i));
        }
    }

    /**
     * Holds this lock. One timer, for the head only: it releases the next head when it fires. An armed timer stays
     * unless the head is due earlier than it fires.
     */
    private void schedule() {
        if (queue.isEmpty()) {
            cancelTimer();
            return;
        }
        Waiter head = queue.peekFirst();
        long nanos = budget.nanosUntil(head.cost().getAsDouble(), head.withMargin());
        if (nanos == Budget.UNTIL_WOKEN) {
            // a response will wake the pacer; a timer armed before fires harmlessly
            return;
        }
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        long dueAt = clock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (timer >= 0) {
            if (timerDueAt <= dueAt + LATE_TOLERANCE_NANOS) {
                return;
            }
            cancelTimer();
        }
        timerDueAt = dueAt;
        long generation = ++timerGeneration;
        timer = timers.schedule(millis, () -> onTimer(generation));
    }

    private void cancelTimer() {
        if (timer >= 0) {
            timers.cancel(timer);
            timer = -1;
            timerGeneration++;
        }
    }

    private boolean ready(Waiter waiter) {
        return budget.nanosUntil(waiter.cost().getAsDouble(), waiter.withMargin()) == 0;
    }

    private void onTimer(long generation) {
        synchronized (this) {
            if (generation != timerGeneration) {
                return;
            }
            timer = -1;
        }
        release();
    }

    private void forget(Waiter waiter) {
        synchronized (this) {
            queue.remove(waiter);
        }
    }
}
