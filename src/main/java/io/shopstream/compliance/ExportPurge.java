package io.shopstream.compliance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Deletes expired data exports every {@code shopstream.compliance.export-purge-interval}, on a Vert.x timer. */
@ApplicationScoped
public class ExportPurge {

    private static final String PURGE = "DELETE FROM data_exports WHERE expires_at <= now()";

    private final Mutiny.SessionFactory sessions;
    private final Vertx vertx;
    private final ComplianceConfig config;
    private Context context;
    private long timer = -1;

    public ExportPurge(Mutiny.SessionFactory sessions, Vertx vertx, ComplianceConfig config) {
        this.sessions = sessions;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        timer = vertx.setPeriodic(config.exportPurgeInterval().toMillis(), tick -> run());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void run() {
        // Hibernate Reactive wants a fresh, safe duplicated context of its own for each unit of work.
        Context work = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(work, true);
        work.runOnContext(ignored -> purge().subscribe().with(
                purged -> {
                    if (purged > 0) {
                        Log.infof("purged %d expired data exports", purged);
                    }
                },
                failure -> Log.warnf("export purge failed, retried at the next tick: %s", failure.toString())));
    }

    /** Deletes the expired exports; how many. */
    Uni<Integer> purge() {
        return sessions.withTransaction(session -> session.createNativeQuery(PURGE).executeUpdate());
    }
}
