package io.shopstream.shopify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The FIFO queue of one shop's requests waiting for its {@link Budget}. A request goes out at once when nobody waits
 * and the budget has room; otherwise it queues (bounded), and one timer releases the head at exactly the time the
 * budget will hold its cost. Every response calls {@link #wake()}: it may have made room earlier than expected.
 * Per shop: a slow or throttled shop never delays another.
 */
final class Pacer {

    private record Waiter(DoubleSupplier cost, boolean withMargin, UniEmitter<? super Reservation> emitter) {
    }

    private final String shop;
    private final Budget budget;
    private final Timers timers;
    private final int maxQueued;
    private final Deque<Waiter> queue = new ArrayDeque<>();
    private long timer = -1;

    Pacer(String shop, Budget budget, Timers timers, int maxQueued) {
        this.shop = shop;
        this.budget = budget;
        this.timers = timers;
        this.maxQueued = maxQueued;
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
                        queue.addFirst(waiter);
                        // a new head: its own timer
                        if (timer >= 0) {
                            timers.cancel(timer);
                            timer = -1;
                        }
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

    /** Re-evaluates the head now: a response may have corrected or refunded the budget. */
    void wake() {
        release();
    }

    private void release() {
        List<Waiter> ready = new ArrayList<>();
        List<Reservation> reservations = new ArrayList<>();
        synchronized (this) {
            if (timer >= 0) {
                timers.cancel(timer);
                timer = -1;
            }
            while (!queue.isEmpty()) {
                Waiter head = queue.peekFirst();
                double cost = head.cost().getAsDouble();
                if (budget.nanosUntil(cost, head.withMargin()) != 0) {
                    break;
                }
                queue.pollFirst();
                ready.add(head);
                reservations.add(budget.reserve(cost));
            }
            schedule();
        }
        // completed outside the lock: subscribers send their requests from here
        for (int i = 0; i < ready.size(); i++) {
            ready.get(i).emitter().complete(reservations.get(i));
        }
    }

    /** Holds this lock. One timer, for the head only: it releases the next head when it fires. */
    private void schedule() {
        if (queue.isEmpty() || timer >= 0) {
            return;
        }
        Waiter head = queue.peekFirst();
        long nanos = budget.nanosUntil(head.cost().getAsDouble(), head.withMargin());
        if (nanos == Budget.UNTIL_WOKEN) {
            return;
        }
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        timer = timers.schedule(millis, this::onTimer);
    }

    private void onTimer() {
        synchronized (this) {
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
