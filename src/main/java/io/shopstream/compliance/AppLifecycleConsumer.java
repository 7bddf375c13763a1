package io.shopstream.compliance;

import java.time.OffsetDateTime;

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
 * Applies {@code shopify.app.v1}: {@code app/uninstalled} marks the shop uninstalled (its data stays until
 * {@code shop/redact}); other app topics are kept in the ledger only. Channel "app-in" reads that topic.
 */
@ApplicationScoped
public class AppLifecycleConsumer {

    public static final String CHANNEL = "app-in";

    private final DeliveryProcessor processor;
    private final ShopInstallationRepository installations;

    public AppLifecycleConsumer(DeliveryProcessor processor, ShopInstallationRepository installations) {
        this.processor = processor;
        this.installations = installations;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return processor.process(batch, this::apply);
    }

    Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        if (!"app/uninstalled".equals(delivery.topic())) {
            return Uni.createFrom().item(Outcome.RECORDED);
        }
        OffsetDateTime at = delivery.effectiveAt();
        return installations.uninstalled(session, delivery.shopDomain(), at).map(changed -> {
            Log.infof("app/uninstalled for shop %s: %s", delivery.shopDomain(),
                    changed ? "marked uninstalled" : "ignored, reinstalled since");
            return changed ? Outcome.APPLIED : Outcome.STALE;
        });
    }
}
