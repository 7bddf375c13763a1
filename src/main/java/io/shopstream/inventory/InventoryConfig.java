package io.shopstream.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Inventory processing. */
@ConfigMapping(prefix = "shopstream.inventory")
public interface InventoryConfig {

    /** An inventory change event is flagged {@code low_stock} when {@code available} is at or below this. */
    @WithDefault("5")
    int lowStockThreshold();
}
