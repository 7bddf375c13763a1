package io.shopstream.support.correlation;

import org.jboss.logging.MDC;

/**
 * The webhook a log line is about, as MDC fields next to {@link CorrelationId#MDC_KEY}: {@code shop},
 * {@code topic} (the Shopify topic) and {@code webhookId}. JSON logs carry them as fields. On a Vert.x duplicated
 * context the MDC belongs to that context (one request, one Kafka message), so values do not leak between requests.
 */
public final class WebhookMdc {

    public static final String SHOP = "shop";
    public static final String TOPIC = "topic";
    public static final String WEBHOOK_ID = "webhookId";

    private WebhookMdc() {
    }

    public static void put(String shop, String topic, String webhookId) {
        MDC.put(SHOP, shop);
        MDC.put(TOPIC, topic);
        MDC.put(WEBHOOK_ID, webhookId);
    }

    /** Removes the webhook's fields and the correlation ID. */
    public static void clear() {
        MDC.remove(CorrelationId.MDC_KEY);
        MDC.remove(SHOP);
        MDC.remove(TOPIC);
        MDC.remove(WEBHOOK_ID);
    }
}
