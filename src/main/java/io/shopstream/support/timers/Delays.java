package io.shopstream.support.timers;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** Waiting without a thread: a Vert.x timer completes the wait, and a cancelled wait cancels its timer. */
public final class Delays {

    private Delays() {
    }

    /** Completes after {@code wait} (rounded up to whole milliseconds; at once when not positive). */
    public static Uni<Void> after(Vertx vertx, Duration wait) {
        long millis = wait.toMillis() + (wait.toNanosPart() % 1_000_000 > 0 ? 1 : 0);
        if (millis <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> {
            long timer = vertx.setTimer(millis, fired -> emitter.complete(null));
            emitter.onTermination(() -> vertx.cancelTimer(timer));
        });
    }
}
