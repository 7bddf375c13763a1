package io.shopstream.orders;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.processing.Delivery;
import io.shopstream.support.sql.JsonRows;
import io.shopstream.processing.TombstoneRepository;
import io.smallrye.mutiny.Uni;

/**
 * Orders, line items, refunds and edits in PostgreSQL. Writes are conditional upserts: a version (the payload's
 * {@code updated_at}, then {@code X-Shopify-Triggered-At}) only replaces an older one, and never resurrects an
 * order deleted at or after it.
 */
@ApplicationScoped
public class OrderRepository {

    static final String ENTITY = "order";
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

    private static final String REFRESHED = """
            UPDATE orders SET needs_refresh = false WHERE shop_domain = :shop AND id = :orderId""";

    private static final String DELETE_ORDER = "DELETE FROM orders WHERE shop_domain = :shop AND id = :orderId";

    /** One order of a batch upsert: the delivery that carried it and its payload. */
    public record Versioned(Delivery delivery, OrderPayload order) {

        String key() {
            return delivery.shopDomain() + '\n' + order.id();
        }
    }

    /**
     * The personal fields of an order named by a customers/redact request (compliance: {@code redacted_orders},
     * {@code customer_redactions}) are stored empty, so a webhook delivered after the redaction cannot bring them
     * back. The same fields {@code compliance/CustomerRedaction} clears.
     */
    private static final String UPSERT = """
            INSERT INTO orders AS o (shop_domain, id, name, order_number, email, financial_status, fulfillment_status,
                currency, subtotal_price, total_price, total_tax, total_discounts, tags, customer_id, created_at,
                updated_at, cancelled_at, cancel_reason, closed_at, version_triggered_at)
            SELECT v.shop_domain, v.id, v.name, v.order_number, CASE WHEN r.redacted THEN NULL ELSE v.email END,
                v.financial_status, v.fulfillment_status, v.currency, v.subtotal_price, v.total_price, v.total_tax,
                v.total_discounts, CASE WHEN r.redacted THEN NULL ELSE v.tags END,
                CASE WHEN r.redacted THEN NULL ELSE v.customer_id END, v.created_at, v.updated_at, v.cancelled_at,
                v.cancel_reason, v.closed_at, v.version_triggered_at
            FROM json_to_recordset(CAST(CAST(:rows AS text) AS json))
                AS v(shop_domain text, id bigint, name text, order_number bigint, email text, financial_status text, fulfillment_status text, currency text,
                subtotal_price numeric, total_price numeric, total_tax numeric, total_discounts numeric, tags text,
                customer_id bigint, created_at timestamptz, updated_at timestamptz, cancelled_at timestamptz,
                cancel_reason text, closed_at timestamptz, version_triggered_at timestamptz)
            CROSS JOIN LATERAL (SELECT
                EXISTS (SELECT 1 FROM redacted_orders ro WHERE ro.shop_domain = v.shop_domain AND ro.order_id = v.id)
                OR EXISTS (SELECT 1 FROM customer_redactions cr WHERE cr.shop_domain = v.shop_domain
                           AND cr.customer_id = v.customer_id) AS redacted) r
            WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.shop_domain = v.shop_domain
                AND t.entity = 'order' AND t.entity_key = v.id::text AND t.deleted_at >= v.updated_at)
            ON CONFLICT (shop_domain, id) DO UPDATE SET
                name = EXCLUDED.name, order_number = COALESCE(EXCLUDED.order_number, o.order_number), email = EXCLUDED.email,
                financial_status = EXCLUDED.financial_status, fulfillment_status = EXCLUDED.fulfillment_status,
                currency = EXCLUDED.currency, subtotal_price = EXCLUDED.subtotal_price,
                total_price = EXCLUDED.total_price, total_tax = EXCLUDED.total_tax,
                total_discounts = EXCLUDED.total_discounts, tags = EXCLUDED.tags,
                customer_id = EXCLUDED.customer_id, created_at = EXCLUDED.created_at,
                updated_at = EXCLUDED.updated_at, cancelled_at = EXCLUDED.cancelled_at,
                cancel_reason = EXCLUDED.cancel_reason, closed_at = EXCLUDED.closed_at,
                version_triggered_at = EXCLUDED.version_triggered_at, needs_refresh = false
            WHERE (o.updated_at, COALESCE(o.version_triggered_at, '-infinity'))
                < (EXCLUDED.updated_at, COALESCE(EXCLUDED.version_triggered_at, '-infinity'))
            RETURNING o.shop_domain, o.id""";

    private static final String DELETE_LINE_ITEMS = """
            DELETE FROM order_line_items li
            USING json_to_recordset(CAST(CAST(:rows AS text) AS json)) AS a(shop_domain text, order_id bigint)
            WHERE li.shop_domain = a.shop_domain AND li.order_id = a.order_id""";

    private static final String INSERT_LINE_ITEMS = """
            INSERT INTO order_line_items (shop_domain, id, order_id, product_id, variant_id, sku, title, quantity,
                price)
            SELECT v.* FROM json_to_recordset(CAST(CAST(:rows AS text) AS json))
                AS v(shop_domain text, id bigint, order_id bigint, product_id bigint, variant_id bigint, sku text, title text, quantity integer, price numeric)
            ON CONFLICT (shop_domain, id) DO UPDATE SET order_id = EXCLUDED.order_id, quantity = EXCLUDED.quantity,
                price = EXCLUDED.price""";

    /** A line item with the order it belongs to. */
    private record OwnedLineItem(String shop, long orderId, OrderPayload.LineItem item) {
    }

    /**
     * Upserts many orders in one statement (at most one version per order: the caller keeps the newest). Returns
     * the keys ("shop\nid") of the orders that were applied; their line items are replaced too.
     */
    public Uni<Set<String>> upsertAll(Mutiny.Session session, List<Versioned> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String rows = JsonRows.of(orders, (row, v) -> {
            OrderPayload o = v.order();
            row.put("shop_domain", v.delivery().shopDomain()).put("id", o.id()).put("name", o.name())
                    .put("order_number", o.orderNumber()).put("email", o.email())
                    .put("financial_status", o.financialStatus()).put("fulfillment_status", o.fulfillmentStatus())
                    .put("currency", o.currency()).put("subtotal_price", o.subtotalPrice())
                    .put("total_price", o.totalPrice()).put("total_tax", o.totalTax())
                    .put("total_discounts", o.totalDiscounts()).put("tags", o.tags())
                    .put("customer_id", o.customerId()).put("created_at", o.createdAt())
                    .put("updated_at", o.updatedAt()).put("cancelled_at", o.cancelledAt())
                    .put("cancel_reason", o.cancelReason()).put("closed_at", o.closedAt())
                    .put("version_triggered_at", v.delivery().triggeredAt());
        });
        return session.createNativeQuery(UPSERT, Object[].class).setParameter("rows", rows).getResultList()
                .map(returned -> {
                    Set<String> keys = new HashSet<>();
                    for (Object[] row : returned) {
                        keys.add(row[0] + "\n" + ((Number) row[1]).longValue());
                    }
                    return keys;
                })
                .call(keys -> replaceLineItems(session, orders.stream().filter(v -> keys.contains(v.key())).toList()));
    }

    private Uni<Void> replaceLineItems(Mutiny.Session session, List<Versioned> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String owners = JsonRows.of(orders,
                (row, v) -> row.put("shop_domain", v.delivery().shopDomain()).put("order_id", v.order().id()));
        List<OwnedLineItem> items = new ArrayList<>();
        for (Versioned v : orders) {
            for (OrderPayload.LineItem item : v.order().lineItems()) {
                items.add(new OwnedLineItem(v.delivery().shopDomain(), v.order().id(), item));
            }
        }
        Uni<Void> deleted = session.createNativeQuery(DELETE_LINE_ITEMS).setParameter("rows", owners)
                .executeUpdate().replaceWithVoid();
        if (items.isEmpty()) {
            return deleted;
        }
        String rows = JsonRows.of(items, (row, owned) -> row.put("shop_domain", owned.shop())
                .put("id", owned.item().id()).put("order_id", owned.orderId())
                .put("product_id", owned.item().productId()).put("variant_id", owned.item().variantId())
                .put("sku", owned.item().sku()).put("title", owned.item().title())
                .put("quantity", owned.item().quantity()).put("price", owned.item().price()));
        return deleted.chain(() -> session.createNativeQuery(INSERT_LINE_ITEMS).setParameter("rows", rows)
                .executeUpdate().replaceWithVoid());
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

    /** The order was read again from the Admin API: no refresh pending any more. */
    public Uni<Void> refreshed(Mutiny.Session session, String shop, long orderId) {
        return session.createNativeQuery(REFRESHED).setParameter("shop", shop).setParameter("orderId", orderId)
                .executeUpdate().replaceWithVoid();
    }

    /** Deletes the order (a trigger deletes its line items: V6) and leaves a tombstone dated {@code deletedAt}. */
    public Uni<Void> delete(Mutiny.Session session, String shop, long orderId, OffsetDateTime deletedAt) {
        return TombstoneRepository.write(session, shop, ENTITY, String.valueOf(orderId), deletedAt)
                .chain(() -> session.createNativeQuery(DELETE_ORDER)
                        .setParameter("shop", shop).setParameter("orderId", orderId).executeUpdate())
                .replaceWithVoid();
    }
}
