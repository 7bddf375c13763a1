package io.shopstream.orders;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.shopstream.orders.OrderEnrichment.Change;
import io.shopstream.orders.OrderRepository.Versioned;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.processing.Delivery;
import io.shopstream.support.outbox.OutboxRelay;
import io.shopstream.support.sql.OwnContextSessions;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackAction;
import io.shopstream.writeback.WriteBackResult;
import io.shopstream.writeback.WriteBacks;
import io.smallrye.mutiny.Uni;

/**
 * After {@code orders/edited} (a delta, not an order): reads the order through GraphQL and applies it like an
 * {@code orders/updated} in one transaction (newer wins, line items replaced, enriched event and rules), then clears
 * the order's refresh mark. Safe to repeat: the same answer applied again is an older-or-equal version.
 */
@ApplicationScoped
public class OrderRefreshWriteBack implements WriteBackAction {

    public static final String KIND = "order-refresh";

    private final ShopifyAdminClient client;
    private final OwnContextSessions sessions;
    private final OrderRepository orders;
    private final OrderEnrichment enrichment;
    private final OutboxRelay relay;

    public OrderRefreshWriteBack(ShopifyAdminClient client, OwnContextSessions sessions, OrderRepository orders,
            OrderEnrichment enrichment, OutboxRelay relay) {
        this.client = client;
        this.sessions = sessions;
        this.orders = orders;
        this.enrichment = enrichment;
        this.relay = relay;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<WriteBackResult> perform(WriteBack writeBack) {
        long orderId = writeBack.data().getLong("order_id");
        return client.graphql(writeBack.shop(), OrderRefreshQuery.query(orderId), writeBack.correlationId())
                .chain(response -> {
                    OrderPayload order = OrderRefreshQuery.toPayload(response.data());
                    if (order == null) {
                        return Uni.createFrom().item(WriteBackResult.unchanged(response.attempts(),
                                "the order no longer exists at Shopify"));
                    }
                    Delivery delivery = delivery(writeBack);
                    Versioned version = new Versioned(delivery, order);
                    return sessions.withTransaction(session -> orders.upsertAll(session, List.of(version))
                            .call(applied -> applied.isEmpty() ? Uni.createFrom().voidItem()
                                    : enrichment.publish(session, List.of(new Change(delivery, orderId))))
                            .call(() -> orders.refreshed(session, writeBack.shop(), orderId)))
                            .invoke(applied -> {
                                if (!applied.isEmpty()) {
                                    relay.nudge();
                                }
                            })
                            .map(applied -> applied.isEmpty()
                                    ? WriteBackResult.unchanged(response.attempts(), "stored version is as new")
                                    : WriteBackResult.applied(response.attempts(), "order refreshed"));
                });
    }

    /**
     * The refresh as a delivery of its own: its id makes the enriched event's {@code ce_id} stable. No trigger time:
     * only an {@code updatedAt} newer than the stored one applies, so re-reading an unchanged order changes nothing.
     */
    private static Delivery delivery(WriteBack writeBack) {
        return new Delivery(writeBack.shop(), writeBack.id(), "orders/updated", null, null, writeBack.correlationId(),
                WriteBacks.TOPIC, 0, 0, new byte[0]);
    }
}
