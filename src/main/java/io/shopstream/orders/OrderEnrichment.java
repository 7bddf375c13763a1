package io.shopstream.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.shopify.Tags;
import io.shopstream.processing.Delivery;
import io.shopstream.support.sql.JsonRows;
import io.shopstream.support.outbox.EventSource;
import io.shopstream.support.outbox.Outbox;
import io.shopstream.support.outbox.OutboxEvent;
import io.shopstream.writeback.WriteBackConfig;
import io.shopstream.writeback.WritableShops;
import io.shopstream.writeback.WriteBacks;
import io.smallrye.mutiny.Uni;

/**
 * Builds the enriched event of an order from what the database holds, inside the transaction that changed it, and
 * writes it to the outbox.
 */
@ApplicationScoped
public class OrderEnrichment {

    private static final String FACTS = """
            SELECT o.id, o.name, o.order_number, o.financial_status, o.fulfillment_status, o.currency,
                   o.subtotal_price, o.total_price, o.total_tax, o.total_discounts, o.tags, o.customer_id,
                   o.created_at, o.updated_at, o.cancelled_at, o.closed_at,
                   li.units, li.lines, r.refunded, c.order_count, c.spend, c.refunds, c.earlier, o.shop_domain,
                   ow.metafield_value,
                   %s AS stored_credentials
            FROM orders o
            JOIN json_to_recordset(CAST(CAST(:wanted AS text) AS json)) AS wanted(shop_domain text, id bigint)
                ON o.shop_domain = wanted.shop_domain AND o.id = wanted.id
            LEFT JOIN order_writebacks ow ON ow.shop_domain = o.shop_domain AND ow.order_id = o.id
            CROSS JOIN LATERAL (SELECT COALESCE(SUM(quantity), 0) AS units, COUNT(*) AS lines FROM order_line_items
                                WHERE shop_domain = o.shop_domain AND order_id = o.id) li
            CROSS JOIN LATERAL (SELECT COALESCE(SUM(amount), 0) AS refunded FROM refunds
                                WHERE shop_domain = o.shop_domain AND order_id = o.id) r
            CROSS JOIN LATERAL (SELECT COUNT(*) FILTER (WHERE h.cancelled_at IS NULL) AS order_count,
                                       COALESCE(SUM(h.total_price) FILTER (WHERE h.cancelled_at IS NULL), 0) AS spend,
                                       COALESCE((SELECT SUM(f.amount) FROM refunds f JOIN orders g
                                                 ON g.shop_domain = f.shop_domain AND g.id = f.order_id
                                                 WHERE g.shop_domain = o.shop_domain AND g.customer_id = o.customer_id
                                                 AND g.cancelled_at IS NULL), 0) AS refunds,
                                       COUNT(*) FILTER (WHERE (h.created_at, h.id) < (o.created_at, o.id)) AS earlier
                                FROM orders h WHERE h.shop_domain = o.shop_domain AND h.customer_id = o.customer_id) c"""
            .formatted(WritableShops.stored("o.shop_domain"));

    private static final String ASKED = """
            INSERT INTO order_writebacks AS w (shop_domain, order_id, tags, metafield_value)
            SELECT shop_domain, order_id, tags, metafield_value
            FROM json_to_recordset(CAST(CAST(:rows AS text) AS json))
                AS v(shop_domain text, order_id bigint, tags text, metafield_value text)
            ON CONFLICT (shop_domain, order_id) DO UPDATE SET tags = EXCLUDED.tags,
                metafield_value = COALESCE(EXCLUDED.metafield_value, w.metafield_value), updated_at = now()""";

    private final Outbox outbox;
    private final OrderRules rules;
    private final boolean writeBacks;
    private final WritableShops writable;

    public OrderEnrichment(Outbox outbox, WriteBackConfig config, WritableShops writable) {
        this.outbox = outbox;
        this.writable = writable;
        this.rules = new OrderRules(config.orders());
        this.writeBacks = config.enabled() && config.orders().enabled();
    }

    /** An applied change of an order, whose enriched state is to be published. */
    public record Change(Delivery delivery, long orderId) {

        String key() {
            return delivery.shopDomain() + '\n' + orderId;
        }
    }

    /**
     * Publishes (through the outbox) one enriched event per change, built from the orders' state at this point of
     * the transaction; a change of an order that is not stored (deleted meanwhile) publishes nothing.
     */
    public Uni<Void> publish(Mutiny.Session session, List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Change> distinct = new LinkedHashMap<>();
        changes.forEach(change -> distinct.putIfAbsent(change.key(), change));
        Uni<Map<String, Object[]>> facts = factsOf(session, distinct.values());
        return facts.chain(rows -> {
            List<OutboxEvent> events = new ArrayList<>();
            Map<String, OrderRules.Wanted> wanted = new LinkedHashMap<>();
            for (Change change : changes) {
                Object[] row = rows.get(change.key());
                if (row != null) {
                    EnrichedOrderEvent event = toEvent(change.delivery(), row);
                    events.add(outboxEvent(change.delivery(), event));
                    boolean storedCredentials = Boolean.TRUE.equals(row[25]);
                    if (writeBacks && (storedCredentials || writable.configured(change.delivery().shopDomain()))) {
                        // the order's last change in the batch decides
                        wanted.remove(change.key());
                        OrderRules.Wanted asked = rules.evaluate(change.delivery(), event, (String) row[24]);
                        if (asked != null) {
                            wanted.put(change.key(), asked);
                        }
                    }
                }
            }
            if (wanted.isEmpty()) {
                return outbox.add(session, events);
            }
            wanted.values().forEach(asked -> events.add(WriteBacks.event(asked.writeBack())));
            String asked = JsonRows.of(wanted.values(), (row, w) -> row.put("shop_domain", w.writeBack().shop())
                    .put("order_id", w.writeBack().data().getLong("order_id"))
                    .put("tags", String.join(",", w.tags())).put("metafield_value", w.metafieldValue()));
            return outbox.add(session, events)
                    .chain(() -> session.createNativeQuery(ASKED).setParameter("rows", asked).executeUpdate())
                    .replaceWithVoid();
        });
    }

    private Uni<Map<String, Object[]>> factsOf(Mutiny.Session session, Collection<Change> changes) {
        String wanted = JsonRows.of(changes,
                (row, change) -> row.put("shop_domain", change.delivery().shopDomain()).put("id", change.orderId()));
        Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery(FACTS, Object[].class)
                .setParameter("wanted", wanted);
        return query.getResultList().map(rows -> {
            Map<String, Object[]> byKey = new HashMap<>();
            for (Object[] row : rows) {
                byKey.put(row[23] + "\n" + ((Number) row[0]).longValue(), row);
            }
            return byKey;
        });
    }

    private OutboxEvent outboxEvent(Delivery delivery, EnrichedOrderEvent event) {
        return new OutboxEvent(EnrichedOrderEvent.TOPIC, delivery.shopDomain(),
                delivery.webhookId() + "/order-enriched", EnrichedOrderEvent.CE_TYPE,
                "https://" + delivery.shopDomain(),
                OffsetDateTime.now(ZoneOffset.UTC), delivery.correlationId(), outbox.toJson(event));
    }

    static EnrichedOrderEvent toEvent(Delivery delivery, Object[] row) {
        BigDecimal subtotal = decimal(row[6]);
        BigDecimal total = decimal(row[7]);
        BigDecimal discounts = decimal(row[9]);
        BigDecimal refunded = decimal(row[18]);
        Long customerId = row[11] == null ? null : ((Number) row[11]).longValue();
        EnrichedOrderEvent.Customer customer = customerId == null ? null
                : new EnrichedOrderEvent.Customer(customerId, ((Number) row[19]).longValue(),
                        money(decimal(row[20]).subtract(decimal(row[21]))), ((Number) row[22]).longValue() == 0);
        return new EnrichedOrderEvent(
                EnrichedOrderEvent.SCHEMA_VERSION,
                delivery.shopDomain(),
                ((Number) row[0]).longValue(),
                (String) row[1],
                row[2] == null ? null : ((Number) row[2]).longValue(),
                (String) row[3],
                (String) row[4],
                (String) row[5],
                money(subtotal),
                money(total),
                money(decimal(row[8])),
                money(discounts),
                Tags.split((String) row[10]),
                time(row[12]),
                time(row[13]),
                time(row[14]),
                time(row[15]),
                ((Number) row[16]).intValue(),
                ((Number) row[17]).intValue(),
                discountRatio(subtotal, discounts).toPlainString(),
                money(refunded),
                money(total.subtract(refunded)),
                customer,
                EventSource.of(delivery));
    }

    /** Discounts over the pre-discount subtotal ({@code subtotal_price} is after discounts), 4 decimals. */
    static BigDecimal discountRatio(BigDecimal subtotal, BigDecimal discounts) {
        BigDecimal gross = subtotal.add(discounts);
        return gross.signum() == 0 ? BigDecimal.ZERO.setScale(4)
                : discounts.divide(gross, 4, RoundingMode.HALF_EVEN);
    }

    static String money(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return value.setScale(Math.max(2, stripped.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? BigDecimal.ZERO : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    private static String time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC).toString();
        }
        return value.toString();
    }
}
