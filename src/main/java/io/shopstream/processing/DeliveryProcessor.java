package io.shopstream.processing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.MDC;

import io.quarkus.logging.Log;
import io.shopstream.deadletters.DeadLetterReason;
import io.shopstream.deadletters.DeadLetters;
import io.shopstream.support.correlation.CorrelationId;
import io.shopstream.support.correlation.WebhookMdc;
import io.shopstream.support.outbox.OutboxRelay;
import io.shopstream.support.timers.Delays;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;

/**
 * Runs what one poll returned through a feature's handler with the guarantees every consumer needs:
 * <ul>
 * <li>the ledger claims and the effects of the whole batch commit in one transaction, so a redelivery changes
 * nothing, and a batch costs a handful of statements instead of a handful per record;</li>
 * <li>a transient failure is retried with exponential backoff and full jitter, on Vert.x timers, without acking:
 * no offset is committed and the partitions wait, so nothing is lost or reordered;</li>
 * <li>any other failure of a batch is retried record by record, each in its own transaction, and a record that
 * still fails (or cannot even be read) goes to {@code <topic>.dlq} with its reason while the others are applied;</li>
 * <li>the batch is acked (its offsets become committable) only after its transaction committed and its dead
 * letters were acknowledged.</li>
 * </ul>
 */
@ApplicationScoped
public class DeliveryProcessor {

    /** A feature's effect of one delivery, inside a transaction. */
    @FunctionalInterface
    public interface Handler {
        Uni<Outcome> apply(Mutiny.Session session, Delivery delivery);
    }

    /** A feature's effect of several claimed deliveries, inside one transaction: one outcome per delivery. */
    @FunctionalInterface
    public interface BatchHandler {
        Uni<List<Outcome>> apply(Mutiny.Session session, List<Delivery> deliveries);
    }

    private final Mutiny.SessionFactory sessions;
    private final DeliveryLedger ledger;
    private final DeadLetters deadLetters;
    private final OutboxRelay outbox;
    private final ProcessingConfig config;
    private final Vertx vertx;
    private final DeliveryMetrics metrics;

    public DeliveryProcessor(Mutiny.SessionFactory sessions, DeliveryLedger ledger, DeadLetters deadLetters,
            OutboxRelay outbox, ProcessingConfig config, Vertx vertx, DeliveryMetrics metrics) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** Applies each delivery in turn with {@code single}, all in the batch's transaction. */
    public static BatchHandler oneAfterAnother(Handler single) {
        return (session, deliveries) -> {
            Uni<List<Outcome>> outcomes = Uni.createFrom().item(new ArrayList<>(deliveries.size()));
            for (Delivery delivery : deliveries) {
                outcomes = outcomes.chain(done -> {
                    correlate(delivery);
                    return single.apply(session, delivery).map(outcome -> {
                        done.add(outcome);
                        return done;
                    });
                });
            }
            return outcomes;
        };
    }

    public Uni<Void> process(KafkaRecordBatch<String, byte[]> batch, Handler single) {
        return process(batch, oneAfterAnother(single), single);
    }

    public Uni<Void> process(KafkaRecordBatch<String, byte[]> batch, BatchHandler handler, Handler single) {
        if (batch.getRecords().isEmpty()) {
            return Uni.createFrom().completionStage(batch.ack());
        }
        String kafkaTopic = batch.getRecords().get(0).getTopic();
        Object started = metrics.batchStarted(kafkaTopic);
        WebhookMdc.clear();
        List<Delivery> deliveries = new ArrayList<>();
        List<IncomingKafkaRecord<String, byte[]>> sources = new ArrayList<>();
        Uni<Void> unreadable = Uni.createFrom().voidItem();
        for (KafkaRecord<String, byte[]> each : batch.getRecords()) {
            IncomingKafkaRecord<String, byte[]> record = (IncomingKafkaRecord<String, byte[]>) each;
            try {
                deliveries.add(Delivery.of(record.getTopic(), record.getPartition(), record.getOffset(),
                        record.getKey(), record.getHeaders(), record.getPayload()));
                sources.add(record);
            } catch (PoisonRecordException poison) {
                unreadable = unreadable.chain(() -> deadLetter(record, null, poison));
            }
        }
        return unreadable
                .chain(() -> deliveries.isEmpty() ? Uni.createFrom().item(List.<Outcome> of())
                        : transaction(deliveries, handler, 1)
                                .onFailure(failure -> !Failures.isTransient(failure))
                                .recoverWithUni(failure -> {
                                    Log.warnf("a batch of %d failed (%s); applying its records one by one",
                                            deliveries.size(), failure.toString());
                                    return oneByOne(deliveries, sources, single);
                                }))
                .chain(outcomes -> {
                    if (outcomes.contains(Outcome.APPLIED)) {
                        outbox.nudge();
                    }
                    return Uni.createFrom().completionStage(batch.ack());
                })
                .onTermination().invoke(() -> {
                    metrics.batchFinished(kafkaTopic, started);
                    WebhookMdc.clear();
                });
    }

    private Uni<List<Outcome>> oneByOne(List<Delivery> deliveries, List<IncomingKafkaRecord<String, byte[]>> sources,
            Handler single) {
        Uni<List<Outcome>> outcomes = Uni.createFrom().item(new ArrayList<>());
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery delivery = deliveries.get(i);
            IncomingKafkaRecord<String, byte[]> source = sources.get(i);
            outcomes = outcomes.chain(done -> transaction(List.of(delivery), oneAfterAnother(single), 1)
                    .onFailure(failure -> !Failures.isTransient(failure))
                    .recoverWithUni(failure -> deadLetter(source, delivery, failure).replaceWith(List.<Outcome> of()))
                    .map(one -> {
                        done.addAll(one);
                        return done;
                    }));
        }
        return outcomes;
    }

    /**
     * What a transaction committed: the deliveries it claimed (the others were duplicates or forged) and their
     * outcomes, and the forged ones.
     */
    private record Committed(List<Delivery> claimed, List<Outcome> outcomes, List<Delivery> forged) {
    }

    private Uni<List<Outcome>> transaction(List<Delivery> deliveries, BatchHandler handler, int attempt) {
        return sessions.withTransaction(session -> ledger.claim(session, deliveries)
                .chain(claim -> claim.claimed().isEmpty()
                        ? Uni.createFrom().item(new Committed(claim.claimed(), List.of(), claim.forged()))
                        : handler.apply(session, claim.claimed())
                                .call(outcomes -> ledger.record(session, claim.claimed(), outcomes))
                                .map(outcomes -> new Committed(claim.claimed(), outcomes, claim.forged()))))
                // committed: counted once, whichever attempt it was
                .invoke(committed -> {
                    metrics.committed(deliveries, committed.outcomes(), committed.forged().size());
                    committed.forged().forEach(DeliveryProcessor::logForged);
                    logCommitted(deliveries, committed);
                })
                .map(Committed::outcomes)
                .onFailure(Failures::isTransient).recoverWithUni(failure -> {
                    Duration wait = backoff(attempt);
                    Log.warnf("transient failure on a batch of %d (attempt %d), retrying in %d ms: %s",
                            deliveries.size(), attempt, wait.toMillis(), failure.toString());
                    return Delays.after(vertx, wait).chain(() -> transaction(deliveries, handler, attempt + 1));
                });
    }

    /** A forged delivery changes nothing but is never silent: one warning with its correlation id. */
    private static void logForged(Delivery delivery) {
        correlate(delivery);
        Log.warnf("forged delivery refused: %s %s for shop %s (%s:%d@%d) carries a signed body first seen under"
                + " another shop or topic", delivery.topic(), delivery.webhookId(), delivery.shopDomain(),
                delivery.kafkaTopic(), delivery.partition(), delivery.offset());
    }

    /** One debug line per delivery, with its correlation ID and webhook in the MDC. */
    private static void logCommitted(List<Delivery> deliveries, Committed committed) {
        if (!Log.isDebugEnabled()) {
            return;
        }
        for (Delivery delivery : deliveries) {
            int index = -1;
            for (int i = 0; i < committed.claimed().size(); i++) {
                if (committed.claimed().get(i) == delivery) {
                    index = i;
                    break;
                }
            }
            Outcome outcome = index >= 0 && index < committed.outcomes().size() ? committed.outcomes().get(index)
                    : committed.forged().contains(delivery) ? Outcome.FORGED : Outcome.DUPLICATE;
            correlate(delivery);
            Log.debugf("delivery %s:%d@%d topic=%s webhook_id=%s outcome=%s", delivery.kafkaTopic(),
                    delivery.partition(), delivery.offset(), delivery.topic(), delivery.webhookId(), outcome.column());
        }
    }

    private Uni<Void> deadLetter(IncomingKafkaRecord<String, byte[]> record, Delivery delivery, Throwable reason) {
        if (delivery != null) {
            correlate(delivery);
        }
        Log.warnf("dead-lettering %s:%d@%d (%s): %s", record.getTopic(), record.getPartition(), record.getOffset(),
                delivery == null ? "unreadable" : delivery.topic() + " " + delivery.webhookId(), reason.getMessage());
        DeadLetterReason tag = DeadLetterReason.of(delivery == null, reason);
        return deadLetters.send(record, reason).invoke(() -> metrics.deadLettered(record.getTopic(), tag));
    }

    private static void correlate(Delivery delivery) {
        if (delivery.correlationId() != null) {
            MDC.put(CorrelationId.MDC_KEY, delivery.correlationId());
        } else {
            MDC.remove(CorrelationId.MDC_KEY);
        }
        WebhookMdc.put(delivery.shopDomain(), delivery.topic(), delivery.webhookId());
    }

    /** Exponential backoff with full jitter, capped. */
    Duration backoff(int attempt) {
        long initial = config.retryInitialBackoff().toMillis();
        long cap = config.retryMaxBackoff().toMillis();
        long ceiling = Math.min(cap, initial << Math.min(attempt - 1, 20));
        return Duration.ofMillis(Math.max(1, ThreadLocalRandom.current().nextLong(ceiling + 1)));
    }
}
