package io.shopstream.support.kafka;

/**
 * Names of the Kafka headers on every raw webhook record: the public contract between ingest, the consumers and
 * analytics teams (documented in docs/kafka-topics.md). Values are UTF-8 strings. Shopify's signature is deliberately not
 * among them: a record's readers must not be able to re-send its body to Shopstream as a signed webhook.
 */
public final class WebhookRecordHeaders {

    public static final String TOPIC = "shopify-topic";
    public static final String SHOP_DOMAIN = "shopify-shop-domain";
    public static final String WEBHOOK_ID = "shopify-webhook-id";
    public static final String EVENT_ID = "shopify-event-id";
    public static final String TRIGGERED_AT = "shopify-triggered-at";
    public static final String API_VERSION = "shopify-api-version";
    public static final String NAME = "shopify-name";
    public static final String SUB_TOPIC = "shopify-sub-topic";
    /** Events deliveries only: the subscription's handle, the action (create, update, delete), the resource's GID. */
    public static final String HANDLE = "shopify-handle";
    public static final String ACTION = "shopify-action";
    public static final String RESOURCE_ID = "shopify-resource-id";

    public static final String CORRELATION_ID = "shopstream-correlation-id";
    public static final String RECEIVED_AT = "shopstream-received-at";
    /** Quarantined records only: why Shopstream could not route a delivery whose signature verified. */
    public static final String QUARANTINE_REASON = "shopstream-quarantine-reason";

    /** CloudEvents 1.0, Kafka protocol binding, binary content mode. */
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    private WebhookRecordHeaders() {
    }
}
