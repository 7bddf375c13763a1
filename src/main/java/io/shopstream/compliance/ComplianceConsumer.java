package io.shopstream.compliance;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.shopstream.processing.Delivery;
import io.shopstream.processing.DeliveryProcessor;
import io.shopstream.processing.Outcome;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Fulfils Shopify's privacy requests from {@code shopify.compliance.v1}. Channel "compliance-in" reads that topic.
 * Each request's effects, its fulfilment record, its event (through the outbox) and its ledger row commit together,
 * so a redelivery changes and publishes nothing.
 */
@ApplicationScoped
public class ComplianceConsumer {

    public static final String CHANNEL = "compliance-in";

    private final DeliveryProcessor processor;
    private final CustomerRedaction redaction;
    private final DataRequests dataRequests;
    private final ShopErasure erasure;
    private final ShopInstallationRepository installations;

    public ComplianceConsumer(DeliveryProcessor processor, CustomerRedaction redaction, DataRequests dataRequests,
            ShopErasure erasure, ShopInstallationRepository installations) {
        this.processor = processor;
        this.redaction = redaction;
        this.dataRequests = dataRequests;
        this.erasure = erasure;
        this.installations = installations;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return processor.process(batch, this::apply);
    }

    Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        // The ledger ignores deliveries of an erased shop; this catches a shop/redact earlier in the same batch.
        return installations.erasedSince(session, delivery.shopDomain(), delivery.triggeredAt())
                .chain(erased -> {
                    if (erased) {
                        Log.infof("%s for shop %s ignored: the shop was erased after it was triggered",
                                delivery.topic(), delivery.shopDomain());
                        return Uni.createFrom().item(Outcome.STALE);
                    }
                    return switch (delivery.topic()) {
                        case "customers/redact" -> redaction.apply(session, delivery);
                        case "customers/data_request" -> dataRequests.apply(session, delivery);
                        case "shop/redact" -> erasure.apply(session, delivery);
                        default -> Uni.createFrom().item(Outcome.RECORDED);
                    };
                });
    }
}
