package io.shopstream.orders;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopstream.support.delivery.Delivery;
import io.shopstream.support.delivery.DeliveryProcessor;
import io.shopstream.support.delivery.Outcome;
import io.shopstream.support.json.ShopifyJson;
import io.smallrye.mutiny.Uni;

/** Applies {@code shopify.orders.v1} to the orders model. Channel "orders-in" reads that topic. */
@ApplicationScoped
public class OrderConsumer {

    public static final String CHANNEL = "orders-in";

    private final DeliveryProcessor processor;
    private final OrderRepository orders;
    private final OrderEnrichment enrichment;

    public OrderConsumer(DeliveryProcessor processor, OrderRepository orders, OrderEnrichment enrichment) {
        this.processor = processor;
        this.orders = orders;
        this.enrichment = enrichment;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        return processor.process(record, this::apply);
    }

    Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        return switch (delivery.topic()) {
            case "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled",
                    "orders/partially_fulfilled" -> upsert(session, delivery);
            case "refunds/create" -> refund(session, delivery);
            case "orders/edited" -> edited(session, delivery);
            case "orders/delete" -> delete(session, delivery);
            // fulfillments/*, order_transactions/* and newer order topics: kept in the ledger, not modelled yet.
            default -> Uni.createFrom().item(Outcome.RECORDED);
        };
    }

    private Uni<Outcome> upsert(Mutiny.Session session, Delivery delivery) {
        OrderPayload order = OrderPayload.from(body(delivery));
        return orders.upsert(session, delivery, order).chain(applied -> applied
                ? enrichment.publish(session, delivery, order.id()).replaceWith(Outcome.APPLIED)
                : Uni.createFrom().item(Outcome.STALE));
    }

    private Uni<Outcome> refund(Mutiny.Session session, Delivery delivery) {
        RefundPayload refund = RefundPayload.from(body(delivery));
        return orders.addRefund(session, delivery.shopDomain(), refund).chain(added -> added
                ? enrichment.publish(session, delivery, refund.orderId()).replaceWith(Outcome.APPLIED)
                : Uni.createFrom().item(Outcome.STALE));
    }

    private Uni<Outcome> edited(Mutiny.Session session, Delivery delivery) {
        OrderEditPayload edit = OrderEditPayload.from(body(delivery));
        return orders.recordEdit(session, delivery.shopDomain(), edit)
                .map(added -> added ? Outcome.RECORDED : Outcome.STALE);
    }

    private Uni<Outcome> delete(Mutiny.Session session, Delivery delivery) {
        long orderId = ShopifyJson.requiredId(body(delivery), "id");
        OffsetDateTime deletedAt = delivery.triggeredAt() != null ? delivery.triggeredAt()
                : OffsetDateTime.now(ZoneOffset.UTC);
        return orders.delete(session, delivery.shopDomain(), orderId, deletedAt).replaceWith(Outcome.APPLIED);
    }

    private static JsonNode body(Delivery delivery) {
        return ShopifyJson.parseObject(delivery.body());
    }
}
