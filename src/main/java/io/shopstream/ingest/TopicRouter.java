package io.shopstream.ingest;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Chooses the Kafka topic for a Shopify topic. A route is either an exact Shopify topic ({@code customers/redact},
 * {@code customer.tags_added}) or a family ({@code orders/*}, {@code customer.*}: the part before the first
 * {@code /} or {@code .}); an exact route wins over its family, and anything unrouted goes to the fallback. Events
 * deliveries go to their own topic, and verified deliveries that cannot be routed at all to the quarantine topic.
 */
public final class TopicRouter {

    public static final String FALLBACK_TOPIC = "shopify.other.v1";
    public static final String EVENTS_TOPIC = "shopify.events.v1";
    public static final String QUARANTINE_TOPIC = "shopify.quarantine.v1";

    /** The routes Shopstream ships with; configuration may add to them or override single entries. */
    public static final Map<String, String> DEFAULT_ROUTES = defaultRoutes();

    private static final Pattern ROUTE_KEY = Pattern.compile("[a-z0-9_]+[/.](\\*|[a-z0-9_]+([/.][a-z0-9_]+)*)");
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private final Map<String, String> exact = new HashMap<>();
    private final Map<String, String> families = new HashMap<>();
    private final String fallback;
    private final String events;
    private final String quarantine;

    public TopicRouter(Map<String, String> overrides, String fallback, String events, String quarantine) {
        Map<String, String> routes = new LinkedHashMap<>(DEFAULT_ROUTES);
        routes.putAll(overrides);
        routes.forEach((key, topic) -> {
            if (!ROUTE_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(
                        "route '" + key + "' must be a Shopify topic (orders/create, customer.tags_added) or a family"
                                + " (orders/*, customer.*)");
            }
            requireKafkaTopic(topic, "route '" + key + "'");
            if (key.endsWith("/*") || key.endsWith(".*")) {
                families.put(key.substring(0, key.length() - 2), topic);
            } else {
                exact.put(key, topic);
            }
        });
        this.fallback = requireKafkaTopic(fallback, "fallback topic");
        this.events = requireKafkaTopic(events, "events topic");
        this.quarantine = requireKafkaTopic(quarantine, "quarantine topic");
    }

    /** A router with the default events and quarantine topics. */
    public TopicRouter(Map<String, String> overrides, String fallback) {
        this(overrides, fallback, EVENTS_TOPIC, QUARANTINE_TOPIC);
    }

    public static TopicRouter withDefaults() {
        return new TopicRouter(Map.of(), FALLBACK_TOPIC);
    }

    /** Where Events deliveries (developer preview, {@code Shopify-*} headers) go, whatever their topic. */
    public String events() {
        return events;
    }

    /** Where verified deliveries that Shopstream cannot route go, with their reason. */
    public String quarantine() {
        return quarantine;
    }

    public String route(String shopifyTopic) {
        String topic = exact.get(shopifyTopic);
        if (topic != null) {
            return topic;
        }
        int separator = familyEnd(shopifyTopic);
        if (separator > 0) {
            topic = families.get(shopifyTopic.substring(0, separator));
        }
        return topic != null ? topic : fallback;
    }

    /** Every Kafka topic a delivery can be routed to, the events and quarantine topics included. */
    public Set<String> kafkaTopics() {
        Set<String> all = new TreeSet<>(exact.values());
        all.addAll(families.values());
        all.add(fallback);
        all.add(events);
        all.add(quarantine);
        return all;
    }

    /** Where a topic's family name ends: its first {@code /} or {@code .}, or -1. */
    static int familyEnd(String shopifyTopic) {
        for (int i = 0; i < shopifyTopic.length(); i++) {
            char c = shopifyTopic.charAt(i);
            if (c == '/' || c == '.') {
                return i;
            }
        }
        return -1;
    }

    /** The Shopify topic families (the part before the first {@code /}) this router has a route for. */
    public Set<String> families() {
        Set<String> all = new TreeSet<>(families.keySet());
        for (String topic : exact.keySet()) {
            all.add(topic.substring(0, familyEnd(topic)));
        }
        return all;
    }

    private static String requireKafkaTopic(String topic, String what) {
        if (topic == null || !KAFKA_TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException(what + " must name a valid Kafka topic, not '" + topic + "'");
        }
        return topic;
    }

    private static Map<String, String> defaultRoutes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("orders/*", "shopify.orders.v1");
        routes.put("refunds/*", "shopify.orders.v1");
        routes.put("fulfillments/*", "shopify.orders.v1");
        routes.put("order_transactions/*", "shopify.orders.v1");
        routes.put("inventory_levels/*", "shopify.inventory.v1");
        routes.put("inventory_items/*", "shopify.inventory.v1");
        routes.put("products/*", "shopify.products.v1");
        routes.put("customers/data_request", "shopify.compliance.v1");
        routes.put("customers/redact", "shopify.compliance.v1");
        routes.put("shop/redact", "shopify.compliance.v1");
        routes.put("app/*", "shopify.app.v1");
        // the shop object of shop/update is app/uninstalled's body shape: read by the same consumer, its body is in
        // the ledger before anyone could re-send it as an uninstall (see SignedBody and DeliveryLedger)
        routes.put("shop/update", "shopify.app.v1");
        return Map.copyOf(routes);
    }
}
