package io.shopstream.ingest;

import static io.shopstream.support.kafka.WebhookRecordHeaders.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.header.internals.RecordHeader;

import io.shopstream.ingest.WebhookHeaders.Kind;

/**
 * What one verified delivery becomes in Kafka: keyed by shop, the signed bytes unchanged as the value, the Shopify
 * headers plus Shopstream's own and the CloudEvents binary-mode attributes as record headers. The signature itself
 * is not carried: it would let any reader of the topic re-send the body as a signed webhook.
 */
public record RawWebhookRecord(String topic, String key, byte[] value, List<RecordHeader> headers) {

    static final String CE_SPEC_VERSION = "1.0";
    static final String CE_TYPE_PREFIX = "com.shopify.";
    static final String CE_EVENT_TYPE_PREFIX = "com.shopify.events.";

    public static RawWebhookRecord of(String kafkaTopic, WebhookHeaders shopify, byte[] body, String correlationId,
            Instant receivedAt) {
        List<RecordHeader> headers = new ArrayList<>(20);
        add(headers, TOPIC, shopify.topic());
        add(headers, SHOP_DOMAIN, shopify.shopDomain());
        add(headers, WEBHOOK_ID, shopify.webhookId());
        add(headers, API_VERSION, shopify.apiVersion());
        add(headers, EVENT_ID, shopify.eventId());
        add(headers, TRIGGERED_AT, shopify.triggeredAt());
        add(headers, NAME, shopify.name());
        add(headers, SUB_TOPIC, shopify.subTopic());
        add(headers, HANDLE, shopify.handle());
        add(headers, ACTION, shopify.action());
        add(headers, RESOURCE_ID, shopify.resourceId());
        add(headers, CORRELATION_ID, correlationId);
        add(headers, RECEIVED_AT, receivedAt.toString());
        add(headers, CE_SPECVERSION, CE_SPEC_VERSION);
        add(headers, CE_ID, shopify.webhookId());
        add(headers, CE_SOURCE, "https://" + shopify.shopDomain());
        add(headers, CE_TYPE, ceType(shopify));
        add(headers, CE_TIME, shopify.triggeredInstant().map(Instant::toString));
        add(headers, CONTENT_TYPE, "application/json");
        return new RawWebhookRecord(kafkaTopic, shopify.shopDomain(), body, List.copyOf(headers));
    }

    /**
     * A verified delivery Shopstream cannot route: the body unchanged, every Shopify header of the family that is
     * short and printable enough to carry, and the reason. Keyed by the shop header when it is a valid domain.
     */
    public static RawWebhookRecord quarantined(String kafkaTopic, Kind kind, UnaryOperator<String> header,
            byte[] body, String reason, String correlationId, Instant receivedAt) {
        List<RecordHeader> headers = new ArrayList<>(16);
        carry(headers, TOPIC, header.apply(kind.header(WebhookHeaders.S_TOPIC)));
        String shop = WebhookHeaders.shopDomain(header.apply(kind.header(WebhookHeaders.S_SHOP)));
        add(headers, SHOP_DOMAIN, Optional.ofNullable(shop));
        carry(headers, WEBHOOK_ID, header.apply(kind.header(WebhookHeaders.S_WEBHOOK_ID)));
        carry(headers, API_VERSION, header.apply(kind.header(WebhookHeaders.S_API_VERSION)));
        carry(headers, EVENT_ID, header.apply(kind.header(WebhookHeaders.S_EVENT_ID)));
        carry(headers, TRIGGERED_AT, header.apply(kind.header(WebhookHeaders.S_TRIGGERED_AT)));
        carry(headers, NAME, header.apply(kind.header(WebhookHeaders.S_NAME)));
        carry(headers, HANDLE, header.apply(kind.header(WebhookHeaders.S_HANDLE)));
        carry(headers, ACTION, header.apply(kind.header(WebhookHeaders.S_ACTION)));
        carry(headers, RESOURCE_ID, header.apply(kind.header(WebhookHeaders.S_RESOURCE_ID)));
        add(headers, QUARANTINE_REASON, reason);
        add(headers, CORRELATION_ID, correlationId);
        add(headers, RECEIVED_AT, receivedAt.toString());
        return new RawWebhookRecord(kafkaTopic, shop, body, List.copyOf(headers));
    }

    private static String ceType(WebhookHeaders shopify) {
        if (shopify.kind() == Kind.EVENT) {
            return CE_EVENT_TYPE_PREFIX + shopify.topic() + shopify.action().map(action -> "." + action).orElse("");
        }
        return CE_TYPE_PREFIX + shopify.topic().replace('/', '.');
    }

    /** Carries a header Shopstream could not validate, if it is short and printable; drops it otherwise. */
    private static void carry(List<RecordHeader> headers, String name, String value) {
        if (value != null && value.length() <= WebhookHeaders.MAX_TEXT && WebhookHeaders.isPrintable(value)) {
            add(headers, name, value.strip());
        }
    }

    private static void add(List<RecordHeader> headers, String name, Optional<String> value) {
        value.ifPresent(v -> add(headers, name, v));
    }

    private static void add(List<RecordHeader> headers, String name, String value) {
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
