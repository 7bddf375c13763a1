package io.shopstream.ingest;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How verified webhooks are published to Kafka. */
@ConfigMapping(prefix = "shopstream.ingest")
public interface IngestConfig {

    /** How long to wait for Kafka's acknowledgement before answering 503; well inside Shopify's 5 s. */
    @WithDefault("2s")
    Duration publishTimeout();

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
}
