package io.shopstream.products;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.processing.Delivery;
import io.shopstream.processing.DeliveryProcessor;
import io.shopstream.processing.Outcome;
import io.shopstream.support.json.ShopifyJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Applies {@code shopify.products.v1} to products and variants. Channel "products-in" reads that topic. */
@ApplicationScoped
public class ProductConsumer {

    public static final String CHANNEL = "products-in";

    private final DeliveryProcessor processor;
    private final ProductRepository products;

    public ProductConsumer(DeliveryProcessor processor, ProductRepository products) {
        this.processor = processor;
        this.products = products;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return processor.process(batch, this::apply);
    }

    Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        return switch (delivery.topic()) {
            case "products/create", "products/update" -> {
                ProductPayload product = ProductPayload.from(ShopifyJson.parseObject(delivery.body()));
                yield products.upsert(session, delivery.shopDomain(), product, delivery.triggeredAt())
                        .map(applied -> applied ? Outcome.APPLIED : Outcome.STALE);
            }
            case "products/delete" -> {
                long id = ShopifyJson.requiredId(ShopifyJson.parseObject(delivery.body()), "id");
                OffsetDateTime deletedAt = delivery.effectiveAt();
                yield products.delete(session, delivery.shopDomain(), id, deletedAt).replaceWith(Outcome.APPLIED);
            }
            default -> Uni.createFrom().item(Outcome.RECORDED);
        };
    }
}
