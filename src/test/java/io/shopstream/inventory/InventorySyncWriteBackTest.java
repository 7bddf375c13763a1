package io.shopstream.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class InventorySyncWriteBackTest {

    private static final WriteBack SYNC = new WriteBack("hook-1/inventory-sync/b.myshopify.com", "inventory-sync",
            "b.myshopify.com", "sku:SOCK-TR-M", "corr", Instant.parse("2026-11-26T10:00:00Z"),
            new JsonObject().put("sku", "SOCK-TR-M").put("quantity", 17).put("location_id", 2L));

    private static JsonObject levels(String sku, String location, int available) {
        JsonObject level = new JsonObject().put("location", new JsonObject().put("id", location))
                .put("quantities", new JsonArray().add(new JsonObject().put("name", "available").put("quantity", available)));
        JsonObject item = new JsonObject().put("id", "gid://shopify/InventoryItem/9").put("sku", sku)
                .put("inventoryLevels", new JsonObject().put("nodes", new JsonArray().add(level)));
        return new JsonObject().put("inventoryItems", new JsonObject().put("nodes", new JsonArray().add(item)));
    }

    @Test
    void theLevelAtTheSynchronisedLocationIsFoundBySku() {
        InventorySyncWriteBack.Level level = InventorySyncWriteBack.level(SYNC,
                levels("SOCK-TR-M", "gid://shopify/Location/2", 30));
        assertThat(level).isEqualTo(new InventorySyncWriteBack.Level("gid://shopify/InventoryItem/9",
                "gid://shopify/Location/2", 30));
    }

    @Test
    void aSkuNotStockedThereIsRejected() {
        assertThatThrownBy(() -> InventorySyncWriteBack.level(SYNC, levels("SOCK-TR-M", "gid://shopify/Location/7", 3)))
                .isInstanceOf(WriteBackRejectedException.class)
                .satisfies(e -> assertThat(((WriteBackRejectedException) e).code()).isEqualTo("SKU_NOT_STOCKED"));
    }

    @Test
    void theSetIsACompareAndSwapWithAKeyThatDependsOnTheWriteBackAndTheQuantityRead() {
        InventorySyncWriteBack.Level level = new InventorySyncWriteBack.Level("gid://shopify/InventoryItem/9",
                "gid://shopify/Location/2", 30);
        GraphQlOperation first = InventorySyncWriteBack.set(SYNC, level, 17);
        GraphQlOperation again = InventorySyncWriteBack.set(SYNC, level, 17);
        GraphQlOperation afterAMove = InventorySyncWriteBack.set(SYNC,
                new InventorySyncWriteBack.Level(level.itemGid(), level.locationGid(), 29), 17);

        JsonObject quantity = first.variables().getJsonObject("input").getJsonArray("quantities").getJsonObject(0);
        assertThat(quantity.getInteger("changeFromQuantity")).isEqualTo(30);
        assertThat(quantity.getInteger("quantity")).isEqualTo(17);
        assertThat(first.mutation()).isTrue();
        assertThat(first.document()).contains("@idempotent(key: $key)");
        assertThat(first.variables().getString("key")).isEqualTo(again.variables().getString("key"));
        assertThat(afterAMove.variables().getString("key")).isNotEqualTo(first.variables().getString("key"));
    }
}
