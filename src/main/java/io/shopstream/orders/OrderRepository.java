package io.shopstream.orders;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.support.delivery.Delivery;
import io.shopstream.support.sql.SqlChunks;
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
    /** Orders per statement: 20 parameters each, well under PostgreSQL's 65,535. */
    static final int CHUNK = 1_000;

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

    /** One order of a batch upsert: the delivery that carried it and its payload. */
    public record Versioned(Delivery delivery, OrderPayload order) {

        String key() {
            return delivery.shopDomain() + '\n' + order.id();
        }
    }

    private static final String COLUMNS = """
            shop_domain, id, name, order_number, email, financial_status, fulfillment_status, currency, subtotal_price,
            total_price, total_tax, total_discounts, tags, customer_id, created_at, updated_at, cancelled_at,
            cancel_reason, closed_at, version_triggered_at""";

    /**
     * The personal fields of an order named by a customers/redact request (compliance: {@code redacted_orders},
     * {@code customer_redactions}) are stored empty, so a webhook delivered after the redaction cannot bring them
     * back. The same fields {@code compliance/CustomerRedaction} clears.
     */
    private static final String REDACTED = """
            SELECT v.shop_domain, v.id, v.name, v.order_number, CASE WHEN r.redacted THEN NULL ELSE v.email END,
                v.financial_status, v.fulfillment_status, v.currency, v.subtotal_price, v.total_price, v.total_tax,
                v.total_discounts, CASE WHEN r.redacted THEN NULL ELSE v.tags END,
                CASE WHEN r.redacted THEN NULL ELSE v.customer_id END, v.created_at, v.updated_at, v.cancelled_at,
                v.cancel_reason, v.closed_at, v.version_triggered_at
            """;

    private static final String ROW = """
            (CAST(:s%1$d AS text), CAST(:id%1$d AS bigint), CAST(:n%1$d AS text), CAST(:no%1$d AS bigint),
             CAST(:em%1$d AS text), CAST(:fs%1$d AS text), CAST(:ff%1$d AS text), CAST(:cu%1$d AS text),
             CAST(:sp%1$d AS numeric), CAST(:tp%1$d AS numeric), CAST(:tt%1$d AS numeric), CAST(:td%1$d AS numeric),
             CAST(:tg%1$d AS text), CAST(:ci%1$d AS bigint), CAST(:ca%1$d AS timestamptz),
             CAST(:ua%1$d AS timestamptz), CAST(:xa%1$d AS timestamptz), CAST(:xr%1$d AS text),
             CAST(:cl%1$d AS timestamptz), CAST(:tr%1$d AS timestamptz))""";

    /**
     * Upserts many orders in one statement per chunk (at most one version per order: the caller keeps the newest).
     * Returns the keys ("shop\nid") of the orders that were applied; their line items are replaced too.
     */
    public Uni<Set<String>> upsertAll(Mutiny.Session session, List<Versioned> orders) {
        Uni<Set<String>> applied = Uni.createFrom().item(new HashSet<>());
        for (List<Versioned> chunk : SqlChunks.of(orders, CHUNK)) {
            applied = applied.chain(keys -> upsertChunk(session, chunk).map(more -> {
                keys.addAll(more);
                return keys;
            }));
        }
        return applied.call(keys -> replaceLineItems(session,
                orders.stream().filter(v -> keys.contains(v.key())).toList()));
    }

    private Uni<Set<String>> upsertChunk(Mutiny.Session session, List<Versioned> chunk) {
        StringJoiner rows = new StringJoiner(",\n", "INSERT INTO orders AS o (" + COLUMNS + ")\n" + REDACTED
                + "FROM (VALUES ", ") AS v(" + COLUMNS + ")\n" + """
                CROSS JOIN LATERAL (SELECT
                    EXISTS (SELECT 1 FROM redacted_orders ro WHERE ro.shop_domain = v.shop_domain
                            AND ro.order_id = v.id)
                    OR EXISTS (SELECT 1 FROM customer_redactions cr WHERE cr.shop_domain = v.shop_domain
                               AND cr.customer_id = v.customer_id) AS redacted) r
                WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.shop_domain = v.shop_domain
                    AND t.entity = 'order' AND t.entity_key = v.id::text AND t.deleted_at >= v.updated_at)
                ON CONFLICT (shop_domain, id) DO UPDATE SET
                    name = EXCLUDED.name, order_number = EXCLUDED.order_number, email = EXCLUDED.email,
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
                RETURNING o.shop_domain, o.id""");
        for (int i = 0; i < chunk.size(); i++) {
            rows.add(ROW.formatted(i));
        }
        Mutiny.SelectionQuery<Object[]> upsert = session.createNativeQuery(rows.toString(), Object[].class);
        for (int i = 0; i < chunk.size(); i++) {
            Delivery d = chunk.get(i).delivery();
            OrderPayload o = chunk.get(i).order();
            upsert.setParameter("s" + i, d.shopDomain()).setParameter("id" + i, o.id())
                    .setParameter("n" + i, o.name()).setParameter("no" + i, o.orderNumber())
                    .setParameter("em" + i, o.email()).setParameter("fs" + i, o.financialStatus())
                    .setParameter("ff" + i, o.fulfillmentStatus()).setParameter("cu" + i, o.currency())
                    .setParameter("sp" + i, o.subtotalPrice()).setParameter("tp" + i, o.totalPrice())
                    .setParameter("tt" + i, o.totalTax()).setParameter("td" + i, o.totalDiscounts())
                    .setParameter("tg" + i, o.tags()).setParameter("ci" + i, o.customerId())
                    .setParameter("ca" + i, o.createdAt()).setParameter("ua" + i, o.updatedAt())
                    .setParameter("xa" + i, o.cancelledAt()).setParameter("xr" + i, o.cancelReason())
                    .setParameter("cl" + i, o.closedAt()).setParameter("tr" + i, d.triggeredAt());
        }
        return upsert.getResultList().map(returned -> {
            Set<String> keys = new HashSet<>();
            for (Object[] row : returned) {
                keys.add(row[0] + "\n" + ((Number) row[1]).longValue());
            }
            return keys;
        });
    }

    private Uni<Void> replaceLineItems(Mutiny.Session session, List<Versioned> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> done = Uni.createFrom().voidItem();
        for (List<Versioned> chunk : SqlChunks.of(orders, CHUNK)) {
            done = done.chain(() -> deleteLineItems(session, chunk));
        }
        List<Object[]> items = new ArrayList<>();
        for (Versioned v : orders) {
            for (OrderPayload.LineItem item : v.order().lineItems()) {
                items.add(new Object[] { v.delivery().shopDomain(), v.order().id(), item });
            }
        }
        for (List<Object[]> chunk : SqlChunks.of(items, CHUNK)) {
            done = done.chain(() -> insertLineItems(session, chunk));
        }
        return done;
    }

    private Uni<Void> deleteLineItems(Mutiny.Session session, List<Versioned> chunk) {
        StringJoiner rows = new StringJoiner(", ", "DELETE FROM order_line_items li USING (VALUES ",
                ") AS a(shop_domain, order_id) WHERE li.shop_domain = a.shop_domain AND li.order_id = a.order_id");
        for (int i = 0; i < chunk.size(); i++) {
            rows.add("(CAST(:s%1$d AS text), CAST(:o%1$d AS bigint))".formatted(i));
        }
        Mutiny.Query<Object> delete = session.createNativeQuery(rows.toString());
        for (int i = 0; i < chunk.size(); i++) {
            delete.setParameter("s" + i, chunk.get(i).delivery().shopDomain())
                    .setParameter("o" + i, chunk.get(i).order().id());
        }
        return delete.executeUpdate().replaceWithVoid();
    }

    private Uni<Void> insertLineItems(Mutiny.Session session, List<Object[]> chunk) {
        StringJoiner rows = new StringJoiner(", ", """
                INSERT INTO order_line_items (shop_domain, id, order_id, product_id, variant_id, sku, title, quantity,
                    price) VALUES """, " ON CONFLICT (shop_domain, id) DO UPDATE SET order_id = EXCLUDED.order_id,"
                        + " quantity = EXCLUDED.quantity, price = EXCLUDED.price");
        for (int i = 0; i < chunk.size(); i++) {
            rows.add(("(CAST(:s%1$d AS text), :id%1$d, :o%1$d, CAST(:p%1$d AS bigint), CAST(:v%1$d AS bigint),"
                    + " CAST(:k%1$d AS text), CAST(:t%1$d AS text), :q%1$d, CAST(:pr%1$d AS numeric))").formatted(i));
        }
        Mutiny.Query<Object> insert = session.createNativeQuery(rows.toString());
        for (int i = 0; i < chunk.size(); i++) {
            OrderPayload.LineItem item = (OrderPayload.LineItem) chunk.get(i)[2];
            insert.setParameter("s" + i, chunk.get(i)[0]).setParameter("o" + i, chunk.get(i)[1])
                    .setParameter("id" + i, item.id()).setParameter("p" + i, item.productId())
                    .setParameter("v" + i, item.variantId()).setParameter("k" + i, item.sku())
                    .setParameter("t" + i, item.title()).setParameter("q" + i, item.quantity())
                    .setParameter("pr" + i, item.price());
        }
        return insert.executeUpdate().replaceWithVoid();
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
