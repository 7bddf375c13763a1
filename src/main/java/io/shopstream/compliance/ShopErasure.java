package io.shopstream.compliance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.shopstream.processing.Delivery;
import io.shopstream.processing.Outcome;
import io.shopstream.processing.ShopLocks;
import io.shopstream.support.outbox.EventSource;
import io.smallrye.mutiny.Uni;

/**
 * {@code shop/redact}: deletes everything Shopstream holds for the shop, table by table ({@link #ERASED}), marks
 * the shop erased so that deliveries triggered before now are ignored, records the fulfilment and publishes
 * {@code shop-erased}, in the delivery's transaction. Only {@link #RETAINED} keep a row for the shop: the
 * fulfilment records and the installation status with the erasure time, neither holding personal data.
 */
@ApplicationScoped
public class ShopErasure {

    /** A table holding a shop's data, and the column naming the shop. */
    public record ErasedTable(String table, String shopColumn) {

        String delete() {
            return "DELETE FROM " + table + " WHERE " + shopColumn + " = :shop";
        }
    }

    /**
     * Every table with a shop's data, children before parents. A new table holding shop data must join this list
     * (ShopErasureTest fails for any table with a shop_domain column that is neither here nor in {@link #RETAINED}).
     * Events not yet published leave with the outbox rows keyed by the shop.
     */
    public static final List<ErasedTable> ERASED = List.of(
            new ErasedTable("order_line_items", "shop_domain"),
            new ErasedTable("orders", "shop_domain"),
            new ErasedTable("refunds", "shop_domain"),
            new ErasedTable("order_edits", "shop_domain"),
            new ErasedTable("inventory_levels", "shop_domain"),
            new ErasedTable("inventory_items", "shop_domain"),
            new ErasedTable("product_variants", "shop_domain"),
            new ErasedTable("products", "shop_domain"),
            new ErasedTable("tombstones", "shop_domain"),
            new ErasedTable("customer_redactions", "shop_domain"),
            new ErasedTable("redacted_orders", "shop_domain"),
            new ErasedTable("data_exports", "shop_domain"),
            new ErasedTable("processed_deliveries", "shop_domain"),
            new ErasedTable("delivery_bodies", "shop_domain"),
            new ErasedTable("dead_letter_replays", "shop_domain"),
            new ErasedTable("shop_credentials", "shop_domain"),
            new ErasedTable("writebacks", "shop_domain"),
            new ErasedTable("order_writebacks", "shop_domain"),
            new ErasedTable("inventory_sync_expectations", "shop_domain"),
            new ErasedTable("outbox", "key"));

    /** Tables that keep the shop's row: proof of fulfilment and the erasure marker. */
    public static final Set<String> RETAINED = Set.of("compliance_requests", "shop_installations");

    private final ShopInstallationRepository installations;
    private final ComplianceEvents events;
    private final ComplianceRequestRepository fulfilment;

    public ShopErasure(ShopInstallationRepository installations, ComplianceEvents events, ComplianceRequestRepository fulfilment) {
        this.installations = installations;
        this.events = events;
        this.fulfilment = fulfilment;
    }

    public Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        String shop = delivery.shopDomain();
        OffsetDateTime erasedAt = delivery.effectiveAt();
        Map<String, Long> records = new LinkedHashMap<>();
        // waits for the shop's batches in flight, so that their rows are deleted too
        Uni<Void> work = ShopLocks.exclusive(session, shop);
        for (ErasedTable erased : ERASED) {
            work = work.chain(() -> session.createNativeQuery(erased.delete()).setParameter("shop", shop)
                    .executeUpdate()
                    .invoke(deleted -> records.put(erased.table(), deleted.longValue()))
                    .replaceWithVoid());
        }
        return work
                .chain(() -> installations.erased(session, shop, erasedAt))
                .chain(() -> fulfilment.record(session, delivery, null, records, null))
                .chain(() -> events.publish(session, delivery, new ComplianceEvent(ComplianceEvent.SCHEMA_VERSION,
                        ComplianceEvent.SHOP_ERASED, shop, null, null, null, null, null, null, records,
                        OffsetDateTime.now(ZoneOffset.UTC).toInstant().toString(), EventSource.of(delivery))))
                .invoke(() -> Log.infof("shop/redact fulfilled for shop %s: %s", shop, records))
                .replaceWith(Outcome.APPLIED);
    }
}
