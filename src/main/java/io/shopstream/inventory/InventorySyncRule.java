package io.shopstream.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.shopstream.processing.Delivery;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackConfig;
import io.shopstream.writeback.WriteBacks;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Multi-store sync, in the transaction that applied a level change: when {@code available} of a known SKU changed at
 * a shop's synchronised location, records one write-back per other shop of its groups, setting that SKU's quantity
 * at the shop's synchronised location. The echo of a level Shopstream itself set (recorded in
 * {@code inventory_sync_expectations} just before the write) is consumed here and not copied back.
 */
@ApplicationScoped
public class InventorySyncRule {

    public static final String KIND = "inventory-sync";

    private static final String ECHO = """
            DELETE FROM inventory_sync_expectations WHERE shop_domain = :shop AND inventory_item_id = :item
            AND location_id = :location AND quantity = :quantity AND expires_at > now()""";

    private final InventorySyncGroups groups;
    private final WriteBacks writeBacks;
    private final boolean enabled;

    public InventorySyncRule(InventorySyncConfig config, WriteBacks writeBacks, WriteBackConfig writeBackConfig) {
        this.groups = new InventorySyncGroups(config);
        this.writeBacks = writeBacks;
        this.enabled = writeBackConfig.enabled();
    }

    public Uni<Void> levelChanged(Mutiny.Session session, Delivery delivery, long itemId, long locationId, String sku,
            Integer available) {
        if (!enabled || available == null || !groups.synchronised(delivery.shopDomain(), locationId)) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(ECHO).setParameter("shop", delivery.shopDomain()).setParameter("item", itemId)
                .setParameter("location", locationId).setParameter("quantity", available).executeUpdate()
                .chain(echoes -> {
                    if (echoes > 0) {
                        Log.debugf("inventory level %d@%d = %d at %s is the echo of a sync: not copied back", itemId,
                                locationId, available, delivery.shopDomain());
                        return Uni.createFrom().voidItem();
                    }
                    if (sku == null || sku.isBlank()) {
                        Log.infof("inventory item %d of %s has no known SKU: its level change is not synchronised",
                                itemId, delivery.shopDomain());
                        return Uni.createFrom().voidItem();
                    }
                    return writeBacks.record(session, writeBacks(delivery, itemId, locationId, sku, available));
                });
    }

    List<WriteBack> writeBacks(Delivery delivery, long itemId, long locationId, String sku, int available) {
        List<WriteBack> wanted = new ArrayList<>();
        for (InventorySyncGroups.Target target : groups.targets(delivery.shopDomain(), locationId)) {
            JsonObject data = new JsonObject().put("sku", sku).put("quantity", available)
                    .put("location_id", target.locationId()).put("group", target.group())
                    .put("source_shop", delivery.shopDomain()).put("source_inventory_item_id", itemId)
                    .put("source_location_id", locationId);
            wanted.add(new WriteBack(delivery.webhookId() + '/' + KIND + '/' + target.shop(), KIND, target.shop(),
                    "sku:" + sku, delivery.correlationId(), Instant.now(), data));
        }
        return wanted;
    }
}
