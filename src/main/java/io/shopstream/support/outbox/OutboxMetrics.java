package io.shopstream.support.outbox;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The outbox relay's meters: events published and failed drains, and the backlog (rows waiting, age of the
 * oldest). The backlog is counted on a timer, every {@code shopstream.outbox.sweep-interval}, not on scrape: a
 * scrape never waits for the database.
 */
@ApplicationScoped
public class OutboxMetrics {

    public static final String PUBLISHED = "shopstream.outbox.published";
    public static final String FAILURES = "shopstream.outbox.publish.failures";
    public static final String BACKLOG = "shopstream.outbox.backlog";
    public static final String OLDEST_AGE = "shopstream.outbox.oldest.age";

    private static final String COUNT = """
            SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 FROM outbox""";

    private final Pool pool;
    private final Vertx vertx;
    private final OutboxConfig config;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicBoolean counting = new AtomicBoolean();
    private long timer = -1;

    public OutboxMetrics(MeterRegistry registry, Pool pool, Vertx vertx, OutboxConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.published = Counter.builder(PUBLISHED)
                .description("Enriched events the relay published to Kafka (acknowledged) and deleted")
                .register(registry);
        this.failures = Counter.builder(FAILURES)
                .description("Relay drains that failed; their events stay in the outbox and are retried")
                .register(registry);
        Gauge.builder(BACKLOG, backlog, AtomicLong::get)
                .description("Events in the outbox, not yet published (as of the last count)")
                .register(registry);
        Gauge.builder(OLDEST_AGE, oldestAgeMillis, age -> age.get() / 1000.0)
                .description("Age of the oldest event in the outbox (0: empty)")
                .baseUnit("seconds")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.sweepInterval().toMillis(), tick -> count());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void published(int events) {
        if (events > 0) {
            published.increment(events);
        }
    }

    void publishFailed() {
        failures.increment();
    }

    private void count() {
        if (!counting.compareAndSet(false, true)) {
            return;
        }
        pool.query(COUNT).execute().subscribe().with(rows -> {
            Row row = rows.iterator().next();
            backlog.set(row.getLong(0));
            oldestAgeMillis.set(Math.round(row.getDouble(1) * 1000));
            counting.set(false);
        }, failure -> {
            // the gauges keep their last value; the database's own health check reports the outage
            Log.debugf("outbox backlog not counted: %s", failure.toString());
            counting.set(false);
        });
    }
}
