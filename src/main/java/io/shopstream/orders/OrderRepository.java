package io.shopstream.orders;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.support.delivery.Delivery;
import io.shopstream.support.delivery.Tombstones;
import io.smallrye.mutiny.Uni;

/**
 * Orders, line items, refunds and edits in PostgreSQL. Writes are conditional upserts: a version (the payload's
 * {@code updated_at}, then {@code X-Shopify-Triggered-At}) only replaces an older one, and never resurrects an
 * order deleted at or after it.
 */
@ApplicationScoped
public class OrderRepository {

    static final String ENTITY = "order";

    private static final String UPSERT = """
            INSERT INTO orders AS o (shop_domain, id, name, order_number, email, financial_status, fulfillment_status,
                currency, subtotal_price, total_price, total_tax, total_discounts, tags, customer_id, created_at,
                updated_at, cancelled_at, cancel_reason, closed_at, version_triggered_at)
            SELECT CAST(:shop AS text), CAST(:id AS bigint), CAST(:name AS text), CAST(:orderNumber AS bigint),
                CAST(:email AS text), CAST(:financialStatus AS text), CAST(:fulfillmentStatus AS text),
                CAST(:currency AS text), CAST(:subtotalPrice AS numeric), CAST(:totalPrice AS numeric),
                CAST(:totalTax AS numeric), CAST(:totalDiscounts AS numeric), CAST(:tags AS text),
                CAST(:customerId AS bigint), CAST(:createdAt AS timestamptz), CAST(:updatedAt AS timestamptz),
                CAST(:cancelledAt AS timestamptz), CAST(:cancelReason AS text), CAST(:closedAt AS timestamptz),
                CAST(:triggeredAt AS timestamptz)
            WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.shop_domain = CAST(:shop AS text)
                AND t.entity = 'order' AND t.entity_key = CAST(:key AS text)
                AND t.deleted_at >= CAST(:updatedAt AS timestamptz))
            ON CONFLICT (shop_domain, id) DO UPDATE SET
                name = EXCLUDED.name, order_number = EXCLUDED.order_number, email = EXCLUDED.email,
                financial_status = EXCLUDED.financial_status, fulfillment_status = EXCLUDED.fulfillment_status,
                currency = EXCLUDED.currency, subtotal_price = EXCLUDED.subtotal_price,
                total_price = EXCLUDED.total_price, total_tax = EXCLUDED.total_tax,
                total_discounts = EXCLUDED.total_discounts, tags = EXCLUDED.tags, customer_id = EXCLUDED.customer_id,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
                cancelled_at = EXCLUDED.cancelled_at, cancel_reason = EXCLUDED.cancel_reason,
                closed_at = EXCLUDED.closed_at, version_triggered_at = EXCLUDED.version_triggered_at,
                needs_refresh = false
            WHERE (o.updated_at, COALESCE(o.version_triggered_at, '-infinity'))
                < (EXCLUDED.updated_at, COALESCE(EXCLUDED.version_triggered_at, '-infinity'))""";

    private static final String DELETE_LINE_ITEMS = """
            DELETE FROM order_line_items WHERE shop_domain = :shop AND order_id = :orderId""";

    private static final String INSERT_REFUND = """
            INSERT INTO refunds (shop_domain, id, order_id, created_at, amount)
            VALUES (:shop, :id, :orderId, CAST(:createdAt AS timestamptz), :amount)
            ON CONFLICT (shop_domain, id) DO NOTHING""";

    private static final String INSERT_EDIT = """
            INSERT INTO order_edits (shop_domain, id, order_id, committed_at, line_items_added, line_items_removed)
            VALUES (:shop, :id, :orderId, CAST(:committedAt AS timestamptz), :added, :removed)
            ON CONFLICT (shop_domain, id) DO NOTHING""";

    private static final String MARK_FOR_REFRESH = """
            UPDATE orders SET needs_refresh = true WHERE shop_domain = :shop AND id = :orderId""";

    private static final String DELETE_ORDER = "DELETE FROM orders WHERE shop_domain = :shop AND id = :orderId";

    /** Upserts the order if this version is newer; replaces its line items when it did. True when applied. */
    public Uni<Boolean> upsert(Mutiny.Session session, Delivery delivery, OrderPayload order) {
        return session.createNativeQuery(UPSERT)
                .setParameter("shop", delivery.shopDomain())
                .setParameter("id", order.id())
                .setParameter("key", String.valueOf(order.id()))
                .setParameter("name", order.name())
                .setParameter("orderNumber", order.orderNumber())
                .setParameter("email", order.email())
                .setParameter("financialStatus", order.financialStatus())
                .setParameter("fulfillmentStatus", order.fulfillmentStatus())
                .setParameter("currency", order.currency())
                .setParameter("subtotalPrice", order.subtotalPrice())
                .setParameter("totalPrice", order.totalPrice())
                .setParameter("totalTax", order.totalTax())
                .setParameter("totalDiscounts", order.totalDiscounts())
                .setParameter("tags", order.tags())
                .setParameter("customerId", order.customerId())
                .setParameter("createdAt", order.createdAt())
                .setParameter("updatedAt", order.updatedAt())
                .setParameter("cancelledAt", order.cancelledAt())
                .setParameter("cancelReason", order.cancelReason())
                .setParameter("closedAt", order.closedAt())
                .setParameter("triggeredAt", delivery.triggeredAt())
                .executeUpdate()
                .chain(changed -> changed == 0
                        ? Uni.createFrom().item(false)
                        : replaceLineItems(session, delivery.shopDomain(), order).replaceWith(true));
    }

    private Uni<Void> replaceLineItems(Mutiny.Session session, String shop, OrderPayload order) {
        Uni<Integer> deleted = session.createNativeQuery(DELETE_LINE_ITEMS)
                .setParameter("shop", shop).setParameter("orderId", order.id()).executeUpdate();
        List<OrderPayload.LineItem> items = order.lineItems();
        if (items.isEmpty()) {
            return deleted.replaceWithVoid();
        }
        StringJoiner rows = new StringJoiner(", ", """
                INSERT INTO order_line_items (shop_domain, id, order_id, product_id, variant_id, sku, title, quantity,
                    price) VALUES """, " ON CONFLICT (shop_domain, id) DO UPDATE SET order_id = EXCLUDED.order_id");
        for (int i = 0; i < items.size(); i++) {
            rows.add("(:shop, :id%1$d, :orderId, CAST(:product%1$d AS bigint), CAST(:variant%1$d AS bigint),"
                    .formatted(i) + " CAST(:sku%1$d AS text), CAST(:title%1$d AS text), :quantity%1$d,"
                    .formatted(i) + " CAST(:price%1$d AS numeric))".formatted(i));
        }
        Mutiny.Query<Object> insert = session.createNativeQuery(rows.toString());
        insert.setParameter("shop", shop).setParameter("orderId", order.id());
        for (int i = 0; i < items.size(); i++) {
            OrderPayload.LineItem item = items.get(i);
            insert.setParameter("id" + i, item.id())
                    .setParameter("product" + i, item.productId())
                    .setParameter("variant" + i, item.variantId())
                    .setParameter("sku" + i, item.sku())
                    .setParameter("title" + i, item.title())
                    .setParameter("quantity" + i, item.quantity())
                    .setParameter("price" + i, item.price());
        }
        return deleted.chain(insert::executeUpdate).replaceWithVoid();
    }

    /** Records a refund once; true when it was new. */
    public Uni<Boolean> addRefund(Mutiny.Session session, String shop, RefundPayload refund) {
        return session.createNativeQuery(INSERT_REFUND)
                .setParameter("shop", shop)
                .setParameter("id", refund.id())
                .setParameter("orderId", refund.orderId())
                .setParameter("createdAt", refund.createdAt())
                .setParameter("amount", refund.amount())
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    /** Records the edit and marks its order for a refresh from the Admin API; true when the edit was new. */
    public Uni<Boolean> recordEdit(Mutiny.Session session, String shop, OrderEditPayload edit) {
        return session.createNativeQuery(INSERT_EDIT)
                .setParameter("shop", shop)
                .setParameter("id", edit.id())
                .setParameter("orderId", edit.orderId())
                .setParameter("committedAt", edit.committedAt())
                .setParameter("added", edit.lineItemsAdded())
                .setParameter("removed", edit.lineItemsRemoved())
                .executeUpdate()
                .call(inserted -> session.createNativeQuery(MARK_FOR_REFRESH)
                        .setParameter("shop", shop).setParameter("orderId", edit.orderId()).executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Deletes the order (its line items cascade) and leaves a tombstone dated {@code deletedAt}. */
    public Uni<Void> delete(Mutiny.Session session, String shop, long orderId, OffsetDateTime deletedAt) {
        return Tombstones.write(session, shop, ENTITY, String.valueOf(orderId), deletedAt)
                .chain(() -> session.createNativeQuery(DELETE_ORDER)
                        .setParameter("shop", shop).setParameter("orderId", orderId).executeUpdate())
                .replaceWithVoid();
    }
}
