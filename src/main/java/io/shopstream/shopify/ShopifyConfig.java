package io.shopstream.shopify;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Shopify Admin API client: where, how fast, how often to retry. Documented in docs/configuration.md. */
@ConfigMapping(prefix = "shopstream.shopify")
public interface ShopifyConfig {

    /** Admin API version in every URL ({@code /admin/api/{version}/graphql.json}). */
    @WithDefault("2026-07")
    String apiVersion();

    /** Base URL of a shop's Admin API; {@code {shop}} is replaced by the shop's domain. */
    @WithDefault("https://{shop}")
    String adminBaseUrl();

    /** Plan of shops whose credentials name none. */
    @WithDefault("standard")
    String defaultPlan();

    /** Overrides of the built-in plan limits (standard, advanced, plus, enterprise), or new plans. */
    Map<String, Plan> planDefaults();

    /** Requests one shop may have waiting for its rate limit; more fail fast with ShopQueueFullException. */
    @WithDefault("1000")
    int maxQueuedPerShop();

    /** Cost reserved for a query whose cost has not been seen yet. */
    @WithDefault("50")
    double initialQueryCost();

    /** Cost reserved for a mutation whose cost has not been seen yet (Shopify's default is 10). */
    @WithDefault("10")
    double mutationCost();

    /** Budget kept unreserved, as time of the shop's restore rate (1s = 100 points on Standard). */
    @WithDefault("1s")
    Duration safetyMargin();

    /** HTTP connections per Admin API host (one host per shop in production). */
    @WithDefault("20")
    int maxConnectionsPerHost();

    /** How long credentials read from the table are cached before being read again. */
    @WithDefault("60s")
    Duration credentialsCacheTtl();

    /**
     * A shop's rate-limit state (buckets, queues) is dropped after it has been idle this long (nothing queued or in
     * flight); its next call starts from the plan's defaults. Swept on a Vert.x timer every half of this, at most
     * every minute.
     */
    @WithDefault("10m")
    Duration idleShopEviction();

    /** Base64 of 32 bytes: the AES-256-GCM key of access tokens stored in shop_credentials. No default in prod. */
    Optional<String> tokenEncryptionKey();

    Retry retry();

    interface Plan {
        OptionalDouble maximumAvailable();

        OptionalDouble restoreRate();

        OptionalDouble restBucketSize();

        OptionalDouble restLeakRate();
    }

    interface Retry {
        /** HTTP attempts per call for server errors, timeouts and connection errors (throttles don't count). */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /** No retry starts later than this after the first attempt. */
        @WithDefault("2m")
        Duration deadline();

        /** An attempt without a response for this long counts as a timeout. */
        @WithDefault("10s")
        Duration requestTimeout();
    }
}
