package io.shopstream.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The budget of request-body bytes that all in-flight webhook requests may hold at once, across event loops. A
 * request reserves its declared {@code Content-Length} before reading (a chunked one, chunk by chunk) and gives it
 * back when its response ends or its connection closes. Pure: no CDI, no Vert.x.
 */
final class InFlightBodies {

    private final long budget;
    private final AtomicLong reserved = new AtomicLong();

    InFlightBodies(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the in-flight body budget must be positive");
        }
        this.budget = budgetBytes;
    }

    /** Reserves {@code bytes} if the budget still has them; all or nothing. */
    boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative reservation");
        }
        while (true) {
            long current = reserved.get();
            if (current + bytes > budget) {
                return false;
            }
            if (reserved.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    long reserved() {
        return reserved.get();
    }

    long budget() {
        return budget;
    }
}
