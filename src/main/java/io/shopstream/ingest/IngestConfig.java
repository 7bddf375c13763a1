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

    /** Where Events deliveries (developer preview, {@code Shopify-*} headers) go, whatever their topic. */
    @WithDefault(TopicRouter.EVENTS_TOPIC)
    String eventsTopic();

    /**
     * Where deliveries whose signature verified but that Shopstream cannot route go (a body that is not a JSON
     * object, a header it does not understand), with a {@code shopstream-quarantine-reason} header. They are answered
     * 200: Shopify sent them, so a 4xx would only make it retry and, in the end, remove the subscription.
     */
    @WithDefault(TopicRouter.QUARANTINE_TOPIC)
    String quarantineTopic();

    /**
     * How far in the future an {@code X-Shopify-Triggered-At} may be and still be believed. Shopify's clock is not
     * ours, but a trigger time well beyond the moment of receipt is a forgery: it would date tombstones and erasures
     * past every later delivery.
     */
    @WithDefault("5m")
    Duration maxClockSkew();
}
