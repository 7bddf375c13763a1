package io.shopstream.ingest;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How verified webhooks are published to Kafka. */
@ConfigMapping(prefix = "shopstream.ingest")
public interface IngestConfig {

    /** How long to wait for Kafka's acknowledgement before answering 503; well inside Shopify's 5 s. */
    @WithDefault("2s")
    Duration publishTimeout();

    /**
     * How long a webhook's body may take to arrive, from its headers' arrival; past it the request is answered 408
     * and its connection closed. Shopify itself gives up after 5 s.
     */
    @WithDefault("5s")
    Duration bodyTimeout();

    /**
     * The request-body bytes all in-flight webhook requests may hold at once (declared lengths count whole from
     * the start). A request past it is answered 503 with {@code Retry-After} and its connection closed.
     */
    @WithDefault("128M")
    MemorySize inFlightBodyBudget();

    /** The {@code Retry-After} sent with a 503. */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * Routes added to, or overriding, the built-in ones: key an exact Shopify topic or a family
     * ({@code "orders/*"}), value a Kafka topic.
     */
    Map<String, String> routes();

    /** Where webhooks of unrouted Shopify topics go. */
    @WithDefault(TopicRouter.FALLBACK_TOPIC)
    String fallbackTopic();

    /**
     * Benchmark baseline only: verify and validate, then answer 200 without publishing anything. Never enable in
     * production: Shopify would be told that webhooks were kept that were not.
     */
    @WithDefault("false")
    boolean dryRun();
}
