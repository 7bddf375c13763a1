package io.shopstream.compliance;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.shopstream.processing.Delivery;
import io.shopstream.processing.Outcome;
import io.shopstream.support.json.ShopifyJson;
import io.shopstream.support.outbox.EventSource;
import io.smallrye.mutiny.Uni;

/**
 * {@code customers/data_request}: assembles everything Shopstream holds about the customer (the orders requested
 * and every order of the customer id, with their line items, refunds and edits) into one JSON export for the
 * merchant, stores it until {@code shopstream.compliance.export-ttl} has passed, records the fulfilment and
 * publishes {@code data-request-ready} with the export's admin API path. The export is built by PostgreSQL in one
 * statement, in the delivery's transaction.
 */
@ApplicationScoped
public class DataRequests {

    public static final String EXPORT_PATH = "/admin/compliance/exports/";

    private static final String WANTED = """
            o.shop_domain = CAST(:shop AS text) AND (o.customer_id = CAST(:customer AS bigint)
                OR o.id IN (%s))""".formatted(CustomerRequest.ORDER_IDS);

    private static final String ORDER = """
            to_jsonb(o) - 'shop_domain' - 'version_triggered_at' - 'needs_refresh' || jsonb_build_object(
                'line_items', (SELECT COALESCE(jsonb_agg(to_jsonb(li) - 'shop_domain' - 'order_id' ORDER BY li.id),
                                   CAST('[]' AS jsonb))
                               FROM order_line_items li WHERE li.shop_domain = o.shop_domain AND li.order_id = o.id),
                'refunds', (SELECT COALESCE(jsonb_agg(to_jsonb(r) - 'shop_domain' - 'order_id' ORDER BY r.id),
                                CAST('[]' AS jsonb))
                            FROM refunds r WHERE r.shop_domain = o.shop_domain AND r.order_id = o.id),
                'edits', (SELECT COALESCE(jsonb_agg(to_jsonb(e) - 'shop_domain' - 'order_id' ORDER BY e.id),
                              CAST('[]' AS jsonb))
                          FROM order_edits e WHERE e.shop_domain = o.shop_domain AND e.order_id = o.id))""";

    private static final String EXPORT = """
            INSERT INTO data_exports (id, shop_domain, customer_id, data_request_id, expires_at, content)
            SELECT CAST(:id AS uuid), CAST(:shop AS text), CAST(:customer AS bigint), CAST(:requestId AS bigint),
                CAST(:expiresAt AS timestamptz), jsonb_build_object(
                    'schema_version', 1,
                    'shop_domain', CAST(:shop AS text),
                    'customer_id', CAST(:customer AS bigint),
                    'data_request_id', CAST(:requestId AS bigint),
                    'orders_requested', CAST(CAST(:orders AS text) AS jsonb),
                    'generated_at', now(),
                    'orders', (SELECT COALESCE(jsonb_agg(%s ORDER BY o.id), CAST('[]' AS jsonb))
                               FROM orders o WHERE %s))
            ON CONFLICT (id) DO NOTHING
            RETURNING CAST(jsonb_array_length(content -> 'orders') AS bigint)""".formatted(ORDER, WANTED);

    private final ComplianceEvents events;
    private final ComplianceRequestRepository fulfilment;
    private final ComplianceConfig config;

    public DataRequests(ComplianceEvents events, ComplianceRequestRepository fulfilment, ComplianceConfig config) {
        this.events = events;
        this.fulfilment = fulfilment;
        this.config = config;
    }

    public Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        CustomerRequest request = CustomerRequest.dataRequest(ShopifyJson.parseObject(delivery.body()));
        String shop = delivery.shopDomain();
        String exportId = exportId(delivery).toString();
        OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(config.exportTtl());
        Map<String, Long> records = new LinkedHashMap<>();
        return session.createNativeQuery(EXPORT, Long.class)
                .setParameter("id", exportId)
                .setParameter("shop", shop)
                .setParameter("customer", request.customerId())
                .setParameter("requestId", request.dataRequestId())
                .setParameter("expiresAt", expiresAt)
                .setParameter("orders", request.orderIdsJson())
                .getResultList()
                .invoke(exported -> records.put("orders", exported.isEmpty() ? 0L : exported.get(0)))
                .chain(() -> fulfilment.record(session, delivery, request.dataRequestId(), records, exportId))
                .chain(() -> events.publish(session, delivery, new ComplianceEvent(ComplianceEvent.SCHEMA_VERSION,
                        ComplianceEvent.DATA_REQUEST_READY, shop, request.customerId(), request.orderIds(),
                        request.dataRequestId(), exportId, EXPORT_PATH + exportId, expiresAt.toInstant().toString(),
                        records, OffsetDateTime.now(ZoneOffset.UTC).toInstant().toString(),
                        EventSource.of(delivery))))
                .invoke(() -> Log.infof("customers/data_request fulfilled for shop %s: export %s with %d orders",
                        shop, exportId, records.get("orders")))
                .replaceWith(Outcome.APPLIED);
    }

    /** Derived from the delivery, so the same request always names the same export. */
    static UUID exportId(Delivery delivery) {
        return UUID.nameUUIDFromBytes((delivery.shopDomain() + '\n' + delivery.webhookId())
                .getBytes(StandardCharsets.UTF_8));
    }
}
