package io.shopstream.inventory;

import static io.shopstream.support.json.ShopifyJson.*;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/** inventory_levels/update, connect and disconnect: an absolute {@code available} at one location. */
public record InventoryLevelPayload(long inventoryItemId, long locationId, Integer available,
        OffsetDateTime updatedAt) {

    public static InventoryLevelPayload from(JsonNode level) {
        return new InventoryLevelPayload(requiredId(level, "inventory_item_id"), requiredId(level, "location_id"),
                integer(level, "available"), time(level, "updated_at"));
    }

    public String key() {
        return inventoryItemId + ":" + locationId;
    }
}
