package io.shopstream.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs a unit of reactive database work from a test thread, the way the application does: in a transaction on a
 * fresh, safe duplicated Vert.x context. The test thread waits for the result; no event loop is blocked.
 */
public final class Reactive {

    private Reactive() {
    }

    public static <T> T inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        Vertx vertx = Arc.container().instance(Vertx.class).get();
        Mutiny.SessionFactory sessions = Arc.container().instance(Mutiny.SessionFactory.class).get();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> sessions.withTransaction(work).subscribe()
                .with(result::complete, result::completeExceptionally));
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("reactive work failed", e);
        }
    }
}
