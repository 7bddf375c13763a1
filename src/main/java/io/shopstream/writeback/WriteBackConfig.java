package io.shopstream.writeback;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Write-backs to the Shopify Admin API: the engine, and the rules that ask for them (each can be switched off). */
@ConfigMapping(prefix = "shopstream.writeback")
public interface WriteBackConfig {

    /** Off: no rule records a write-back (those already recorded are still performed). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Write-backs one instance holds at once (received from Kafka, not yet finished). At the limit it stops reading
     * the write-back topic until some finish; the rest wait in Kafka.
     */
    @WithDefault("10000")
    int maxPending();

    /** Write-backs of one shop in progress at once (the client paces them; this bounds its per-shop queue). */
    @WithDefault("32")
    int maxConcurrentPerShop();

    /** First wait before a write-back that failed for a local, passing reason (the database) is tried again. */
    @WithDefault("1s")
    Duration retryInitialBackoff();

    /** Longest such wait (exponential backoff with full jitter). */
    @WithDefault("1m")
    Duration retryMaxBackoff();

    /**
     * When partitions of the write-back topic move to another instance, how long this one waits for the write-backs
     * it has in progress on them to finish, so that the new owner never writes to the shop at the same time.
     */
    @WithDefault("10s")
    Duration handoverTimeout();

    /** How long the end of a write-back is remembered (a redelivery older than this would be performed again). */
    @WithDefault("14d")
    Duration logRetention();

    /** How often ended write-backs older than {@link #logRetention()} are deleted. */
    @WithDefault("1h")
    Duration logPurgeInterval();

    OrderRules orders();

    OrderRefresh orderRefresh();

    LowStock lowStock();

    /** Tags and an enrichment metafield on orders that cross a rule, in one combined call per order. */
    interface OrderRules {
        @WithDefault("true")
        boolean enabled();

        HighValue highValue();

        RepeatCustomer repeatCustomer();

        FirstOrder firstOrder();

        Metafield metafield();
    }

    /** The customer has at least {@code minimum-orders} orders in the shop, this one included. */
    interface RepeatCustomer {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("2")
        int minimumOrders();

        @WithDefault("shopstream-repeat-customer")
        String tag();
    }

    /** The customer's first order in the shop. */
    interface FirstOrder {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("shopstream-first-order")
        String tag();
    }

    interface HighValue {
        @WithDefault("true")
        boolean enabled();

        /** An order is high value when its total_price (in the shop's currency) is at least this. */
        @WithDefault("500")
        BigDecimal threshold();

        @WithDefault("shopstream-high-value")
        String tag();
    }

    interface Metafield {
        /** Store the enrichment (customer facts, rules matched) as a JSON metafield of orders that cross a rule. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("shopstream")
        String namespace();

        @WithDefault("enrichment")
        String key();
    }

    /** After {@code orders/edited}, re-read the order through the GraphQL Admin API and apply it like an update. */
    interface OrderRefresh {
        @WithDefault("true")
        boolean enabled();
    }

    /** Tag a product when its total available (all variants, all locations) falls under a threshold. */
    interface LowStock {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5")
        int threshold();

        @WithDefault("low-stock")
        String tag();
    }
}
