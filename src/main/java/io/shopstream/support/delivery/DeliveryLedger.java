package io.shopstream.support.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * The ledger of processed deliveries, written in the transaction of their effect: a delivery whose
 * (shop, webhook id) is already there is a duplicate and changes nothing.
 */
@ApplicationScoped
public class DeliveryLedger {

    private static final String CLAIM = """
            INSERT INTO processed_deliveries (shop_domain, webhook_id, topic, event_id, triggered_at, outcome,
                                              kafka_topic, kafka_partition, kafka_offset)
            VALUES (:shop, :webhookId, :topic, CAST(:eventId AS text), CAST(:triggeredAt AS timestamptz), 'applied',
                    :kafkaTopic, :partition, :offset)
            ON CONFLICT (shop_domain, webhook_id) DO NOTHING""";

    private static final String SET_OUTCOME = """
            UPDATE processed_deliveries SET outcome = :outcome WHERE shop_domain = :shop AND webhook_id = :webhookId""";

    /** Claims the delivery; false when it was processed before. */
    public Uni<Boolean> claim(Mutiny.Session session, Delivery delivery) {
        return session.createNativeQuery(CLAIM)
                .setParameter("shop", delivery.shopDomain())
                .setParameter("webhookId", delivery.webhookId())
                .setParameter("topic", delivery.topic())
                .setParameter("eventId", delivery.eventId())
                .setParameter("triggeredAt", delivery.triggeredAt())
                .setParameter("kafkaTopic", delivery.kafkaTopic())
                .setParameter("partition", delivery.partition())
                .setParameter("offset", delivery.offset())
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    public Uni<Void> record(Mutiny.Session session, Delivery delivery, Outcome outcome) {
        if (outcome == Outcome.APPLIED || outcome == Outcome.DUPLICATE) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(SET_OUTCOME)
                .setParameter("outcome", outcome.column())
                .setParameter("shop", delivery.shopDomain())
                .setParameter("webhookId", delivery.webhookId())
                .executeUpdate()
                .replaceWithVoid();
    }
}
