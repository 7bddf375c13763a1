package io.shopstream.compliance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.shopstream.processing.Delivery;
import io.shopstream.processing.Outcome;
import io.shopstream.support.json.ShopifyJson;
import io.shopstream.support.outbox.EventSource;
import io.smallrye.mutiny.Uni;

/**
 * {@code customers/redact}: anonymises the customer's orders (those named in {@code orders_to_redact} and every
 * order of the customer id) irreversibly, keeping amounts, statuses, dates and line items (SKUs, quantities,
 * prices); scrubs the same fields from enriched events still waiting in the outbox; deletes the customer's data
 * exports; leaves markers so that a later order webhook is stored anonymised; records the fulfilment and publishes
 * {@code customer-redacted}. All in the delivery's transaction.
 */
@ApplicationScoped
public class CustomerRedaction {

    private static final String MARK_CUSTOMER = """
            INSERT INTO customer_redactions (shop_domain, customer_id) VALUES (:shop, :customer)
            ON CONFLICT (shop_domain, customer_id) DO NOTHING""";

    private static final String MARK_ORDERS = """
            INSERT INTO redacted_orders (shop_domain, order_id)
            SELECT CAST(:shop AS text), ids.id FROM (%s) AS ids(id)
            ON CONFLICT (shop_domain, order_id) DO NOTHING""".formatted(CustomerRequest.ORDER_IDS);

    /** The personal fields of an order: the e-mail, the merchant's free-text tags, and the link to the customer. */
    private static final String ANONYMISE_ORDERS = """
            UPDATE orders SET email = NULL, tags = NULL, customer_id = NULL
            WHERE shop_domain = :shop AND (customer_id = :customer
                OR id IN (%s))
            RETURNING id""".formatted(CustomerRequest.ORDER_IDS);

    private static final String SCRUB_OUTBOX = """
            UPDATE outbox SET payload = CAST(jsonb_set(jsonb_set(CAST(payload AS jsonb), ARRAY['customer'],
                CAST('null' AS jsonb)), ARRAY['tags'], CAST('[]' AS jsonb)) AS text)
            WHERE key = :shop AND topic = 'shopstream.orders.enriched.v1'
            AND (CAST(CAST(payload AS jsonb) #>> ARRAY['customer', 'id'] AS bigint) = :customer
                OR CAST(CAST(payload AS jsonb) ->> 'order_id' AS bigint) IN (%s))"""
            .formatted(CustomerRequest.ORDER_IDS);

    private static final String DELETE_EXPORTS = """
            DELETE FROM data_exports WHERE shop_domain = :shop AND customer_id = :customer""";

    private final ComplianceEvents events;
    private final ComplianceRequestRepository fulfilment;

    public CustomerRedaction(ComplianceEvents events, ComplianceRequestRepository fulfilment) {
        this.events = events;
        this.fulfilment = fulfilment;
    }

    public Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        CustomerRequest request = CustomerRequest.redaction(ShopifyJson.parseObject(delivery.body()));
        String shop = delivery.shopDomain();
        Map<String, Long> records = new LinkedHashMap<>();
        Set<Long> orderIds = new LinkedHashSet<>(request.orderIds());
        return update(session, MARK_CUSTOMER, shop, request.customerId(), null)
                .chain(() -> update(session, MARK_ORDERS, shop, null, request.orderIdsJson()))
                .chain(() -> session.createNativeQuery(ANONYMISE_ORDERS, Long.class)
                        .setParameter("shop", shop)
                        .setParameter("customer", request.customerId())
                        .setParameter("orders", request.orderIdsJson())
                        .getResultList())
                .invoke(anonymised -> {
                    records.put("orders", (long) anonymised.size());
                    orderIds.addAll(anonymised);
                })
                .chain(() -> update(session, SCRUB_OUTBOX, shop, request.customerId(),
                        CustomerRequest.jsonArray(List.copyOf(orderIds))))
                .invoke(scrubbed -> records.put("outbox", scrubbed))
                .chain(() -> update(session, DELETE_EXPORTS, shop, request.customerId(), null))
                .invoke(deleted -> records.put("data_exports", deleted))
                .chain(() -> fulfilment.record(session, delivery, null, records, null))
                .chain(() -> events.publish(session, delivery, new ComplianceEvent(ComplianceEvent.SCHEMA_VERSION,
                        ComplianceEvent.CUSTOMER_REDACTED, shop, request.customerId(), new ArrayList<>(orderIds),
                        null, null, null, null, records, OffsetDateTime.now(ZoneOffset.UTC).toInstant().toString(),
                        EventSource.of(delivery))))
                .invoke(() -> Log.infof("customers/redact fulfilled for shop %s: %s", shop, records))
                .replaceWith(Outcome.APPLIED);
    }

    private static Uni<Long> update(Mutiny.Session session, String sql, String shop, Long customer, String orders) {
        Mutiny.Query<Object> query = session.createNativeQuery(sql).setParameter("shop", shop);
        if (customer != null) {
            query.setParameter("customer", customer);
        }
        if (orders != null) {
            query.setParameter("orders", orders);
        }
        return query.executeUpdate().map(Integer::longValue);
    }
}
