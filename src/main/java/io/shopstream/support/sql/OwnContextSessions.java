package io.shopstream.support.sql;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hibernate Reactive sessions for code that any thread may call (the Admin API client runs on pacer timers, on
 * Kafka threads and on callers' threads): each unit of work runs on a fresh, safe duplicated Vert.x context of its
 * own, and its result comes back on the caller's Vert.x context when there is one. Nothing blocks.
 */
@ApplicationScoped
public class OwnContextSessions {

    private final Mutiny.SessionFactory sessions;
    private final Vertx vertx;

    public OwnContextSessions(Mutiny.SessionFactory sessions, Vertx vertx) {
        this.sessions = sessions;
        this.vertx = vertx;
    }

    public <T> Uni<T> withSession(Function<Mutiny.Session, Uni<T>> work) {
        return onOwnContext(() -> sessions.withSession(work));
    }

    public <T> Uni<T> withTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return onOwnContext(() -> sessions.withTransaction(work));
    }

    private <T> Uni<T> onOwnContext(java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context caller = Vertx.currentContext();
            Context own = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(own, true);
            own.runOnContext(ignored -> work.get().subscribe().with(
                    item -> back(caller, () -> emitter.complete(item)),
                    failure -> back(caller, () -> emitter.fail(failure))));
        });
    }

    private static void back(Context caller, Runnable done) {
        if (caller == null) {
            done.run();
        } else {
            caller.runOnContext(ignored -> done.run());
        }
    }
}
