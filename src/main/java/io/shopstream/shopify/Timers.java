package io.shopstream.shopify;

/** One-shot timers; in the application Vert.x timers ({@code vertx.setTimer}), never a sleeping thread. */
public interface Timers {

    long schedule(long delayMillis, Runnable action);

    void cancel(long id);

    static Timers of(io.vertx.core.Vertx vertx) {
        return new Timers() {
            @Override
            public long schedule(long delayMillis, Runnable action) {
                return vertx.setTimer(Math.max(1, delayMillis), id -> action.run());
            }

            @Override
            public void cancel(long id) {
                vertx.cancelTimer(id);
            }
        };
    }
}
