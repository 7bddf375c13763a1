package io.shopstream.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Multi-store inventory sync: shops grouped so that a SKU's {@code available} at one shop's synchronised location is
 * set at the others' ({@code shopstream.inventory-sync.groups.<name>.shops} and
 * {@code shopstream.inventory-sync.groups.<name>.locations."<shop>"}).
 */
@ConfigMapping(prefix = "shopstream.inventory-sync")
public interface InventorySyncConfig {

    /** Off: no group synchronises (write-backs already recorded are still performed). */
    @WithDefault("true")
    boolean enabled();

    Map<String, Group> groups();

    /** How long a level Shopstream set waits for its echo webhook, which is then not synchronised back. */
    @WithDefault("1h")
    Duration echoWindow();

    /** Times a compare-and-swap that found the quantity moved is re-read and tried again before dead-lettering. */
    @WithDefault("5")
    int staleRetries();

    interface Group {
        /** The shops whose SKUs are kept equal. */
        List<String> shops();

        /** Per shop of the group, the numeric id of its synchronised location. */
        Map<String, Long> locations();
    }
}
