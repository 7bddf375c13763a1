package io.shopstream.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.shopstream.support.outbox.EventSource;

/**
 * {@code shopstream.inventory.changes.v1}: one applied change of an inventory level. Schema:
 * {@code src/main/resources/schemas/inventory-changes-v1.schema.json}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InventoryChangeEvent(
        int schemaVersion,
        String shopDomain,
        long inventoryItemId,
        long locationId,
        String sku,
        Integer previousAvailable,
        Integer available,
        int delta,
        boolean lowStock,
        String updatedAt,
        EventSource source) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TOPIC = "shopstream.inventory.changes.v1";
    public static final String CE_TYPE = "io.shopstream.inventory.changed.v1";


    /** The change from {@code previous} (null: the level is new) to {@code available}. */
    public static int delta(Integer previous, Integer available) {
        return (available == null ? 0 : available) - (previous == null ? 0 : previous);
    }
}
