package io.shopstream.inventory;

import static io.shopstream.support.json.ShopifyJson.*;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/** inventory_items/create, update and delete. */
public record InventoryItemPayload(long id, String sku, BigDecimal cost, Boolean tracked, OffsetDateTime updatedAt) {

    public static InventoryItemPayload from(JsonNode item) {
        return new InventoryItemPayload(requiredId(item, "id"), text(item, "sku"), money(item, "cost"),
                bool(item, "tracked"), time(item, "updated_at"));
    }
}
