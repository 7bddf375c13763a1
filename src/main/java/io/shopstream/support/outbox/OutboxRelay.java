package io.shopstream.support.outbox;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.shopstream.support.kafka.WebhookRecordHeaders;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Publishes the outbox to Kafka, oldest first, and deletes each event once Kafka acknowledged it. Nudged after
 * every commit that wrote events, and swept periodically, so events committed before a crash are published after
 * the restart. At least once: an event may be published twice (same {@code ce_id}), never lost. Several instances
 * share the work through {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "enriched-events";

    private static final String NEXT = """
            SELECT id, topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload FROM outbox
            ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""";
    private static final String DELETE = """
            DELETE FROM outbox WHERE id IN
                (SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(CAST(:ids AS text) AS json)))""";

    private final Mutiny.SessionFactory sessions;
    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final OutboxConfig config;
    private final OutboxMetrics metrics;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile Context context;
    private long sweeper = -1;

    public OutboxRelay(Mutiny.SessionFactory sessions,
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> emitter,
            Vertx vertx, OutboxConfig config, OutboxMetrics metrics) {
        this.sessions = sessions;
        this.emitter = emitter;
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        sweeper = vertx.setPeriodic(config.sweepInterval().toMillis(), tick -> nudge());
        nudge();
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
        }
    }

    /** Asks for a drain; one runs at a time, and a nudge during a drain makes it go round once more. */
    public void nudge() {
        if (context == null) {
            return;
        }
        if (!draining.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        // Hibernate Reactive wants a fresh, safe duplicated context of its own for each unit of work.
        Context work = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(work, true);
        work.runOnContext(ignored -> drain().subscribe().with(
                published -> {
                    metrics.published(published);
                    finish(published >= config.batchSize());
                },
                failure -> {
                    metrics.publishFailed();
                    Log.warnf("outbox relay: %s (the events stay in the outbox and are retried)", failure.toString());
                    finish(false);
                }));
    }

    private void finish(boolean more) {
        draining.set(false);
        if (more || again.getAndSet(false)) {
            nudge();
        }
    }

    /** Publishes one batch and deletes it; the number of events published. */
    Uni<Integer> drain() {
        Context here = Vertx.currentContext();
        return sessions.withTransaction(session -> session.createNativeQuery(NEXT, Object[].class)
                .setParameter("limit", config.batchSize())
                .getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    StringJoiner ids = new StringJoiner(",", "[", "]");
                    for (Object[] row : rows) {
                        ids.add(String.valueOf(((Number) row[0]).longValue()));
                        sends.add(emitter.sendMessage(message(row)));
                    }
                    return Uni.join().all(sends).andFailFast()
                            // acknowledgements arrive on Kafka's threads; the session belongs to this context
                            .emitOn(task -> here.runOnContext(ignored -> task.run()))
                            .chain(() -> session.createNativeQuery(DELETE).setParameter("ids", ids.toString()).executeUpdate())
                            .replaceWith(rows.size());
                }));
    }

    private static Message<String> message(Object[] row) {
        String topic = (String) row[1];
        String key = (String) row[2];
        OffsetDateTime time = toOffsetDateTime(row[6]);
        List<RecordHeader> headers = new ArrayList<>(8);
        header(headers, WebhookRecordHeaders.CE_SPECVERSION, "1.0");
        header(headers, WebhookRecordHeaders.CE_ID, (String) row[3]);
        header(headers, WebhookRecordHeaders.CE_TYPE, (String) row[4]);
        header(headers, WebhookRecordHeaders.CE_SOURCE, (String) row[5]);
        header(headers, WebhookRecordHeaders.CE_TIME, time.withOffsetSameInstant(ZoneOffset.UTC).toString());
        header(headers, WebhookRecordHeaders.CONTENT_TYPE, "application/json");
        if (row[7] != null) {
            header(headers, WebhookRecordHeaders.CORRELATION_ID, (String) row[7]);
        }
        return Message.of((String) row[8]).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(topic).withKey(key).withHeaders(headers).build());
    }

    private static OffsetDateTime toOffsetDateTime(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().atOffset(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected ce_time type " + value.getClass());
    }

    private static void header(List<RecordHeader> headers, String name, String value) {
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
