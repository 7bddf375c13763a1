package io.shopstream.support.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.MDC;

import io.quarkus.logging.Log;
import io.shopstream.support.correlation.CorrelationId;
import io.shopstream.support.outbox.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * Runs one raw webhook record through a feature's handler with the guarantees every consumer needs:
 * <ul>
 * <li>the ledger claim and the effect commit in one transaction, so a redelivery changes nothing;</li>
 * <li>a transient failure is retried with exponential backoff and full jitter, on Vert.x timers, without acking:
 * the offset is not committed and later records of the partition wait, so nothing is lost or reordered;</li>
 * <li>a poison record is nacked, which the channel's dead-letter-queue strategy sends to {@code <topic>.dlq} with
 * its reason, and processing continues;</li>
 * <li>the record is acked (its offset becomes committable) only after the transaction committed.</li>
 * </ul>
 */
@ApplicationScoped
public class DeliveryProcessor {

    /** A feature's effect of one delivery, inside the delivery's transaction. */
    @FunctionalInterface
    public interface Handler {
        Uni<Outcome> apply(Mutiny.Session session, Delivery delivery);
    }

    private final Mutiny.SessionFactory sessions;
    private final DeliveryLedger ledger;
    private final OutboxRelay outbox;
    private final ProcessingConfig config;
    private final Vertx vertx;

    public DeliveryProcessor(Mutiny.SessionFactory sessions, DeliveryLedger ledger, OutboxRelay outbox,
            ProcessingConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.outbox = outbox;
        this.config = config;
        this.vertx = vertx;
    }

    public Uni<Void> process(Message<byte[]> message, Handler handler) {
        Delivery delivery;
        try {
            delivery = deliveryOf(message);
        } catch (PoisonRecordException poison) {
            Log.warnf("dead-lettering an unreadable record: %s", poison.getMessage());
            return Uni.createFrom().completionStage(message.nack(poison));
        }
        if (delivery.correlationId() != null) {
            MDC.put(CorrelationId.MDC_KEY, delivery.correlationId());
        }
        return attempt(delivery, handler, 1)
                .onItem().transformToUni(outcome -> {
                    Log.debugf("%s %s from %s: %s", delivery.topic(), delivery.webhookId(), delivery.shopDomain(),
                            outcome);
                    if (outcome == Outcome.APPLIED) {
                        outbox.nudge();
                    }
                    return Uni.createFrom().completionStage(message.ack());
                })
                .onFailure().recoverWithUni(poison -> {
                    Log.warnf("dead-lettering %s %s from %s (%s:%d@%d): %s", delivery.topic(), delivery.webhookId(),
                            delivery.shopDomain(), delivery.kafkaTopic(), delivery.partition(), delivery.offset(),
                            poison.getMessage());
                    return Uni.createFrom().completionStage(message.nack(poison));
                });
    }

    private Uni<Outcome> attempt(Delivery delivery, Handler handler, int attempt) {
        return sessions.withTransaction(session -> ledger.claim(session, delivery)
                .chain(claimed -> claimed
                        ? handler.apply(session, delivery).call(outcome -> ledger.record(session, delivery, outcome))
                        : Uni.createFrom().item(Outcome.DUPLICATE)))
                .onFailure(Failures::isTransient).recoverWithUni(failure -> {
                    Duration wait = backoff(attempt);
                    Log.warnf("transient failure on %s %s (attempt %d), retrying in %d ms: %s", delivery.topic(),
                            delivery.webhookId(), attempt, wait.toMillis(), failure.toString());
                    return delay(wait).chain(() -> attempt(delivery, handler, attempt + 1));
                });
    }

    /** Exponential backoff with full jitter, capped. */
    Duration backoff(int attempt) {
        long initial = config.retryInitialBackoff().toMillis();
        long cap = config.retryMaxBackoff().toMillis();
        long ceiling = Math.min(cap, initial << Math.min(attempt - 1, 20));
        return Duration.ofMillis(Math.max(1, ThreadLocalRandom.current().nextLong(ceiling + 1)));
    }

    /** A wait on a Vert.x timer: the continuation runs on the same (duplicated) context, no thread is blocked. */
    private Uni<Void> delay(Duration wait) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(wait.toMillis(), fired -> emitter.complete(null)));
    }

    private static Delivery deliveryOf(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        return Delivery.of(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                kafka.getKey() == null ? null : kafka.getKey().toString(), kafka.getHeaders(), message.getPayload());
    }
}
