package io.shopstream.ingest;

import static io.shopstream.support.kafka.WebhookRecordHeaders.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * What one verified webhook becomes in Kafka: keyed by shop, the signed bytes unchanged as the value, the Shopify
 * headers plus Shopstream's own and the CloudEvents binary-mode attributes as record headers.
 */
public record RawWebhookRecord(String topic, String key, byte[] value, List<RecordHeader> headers) {

    static final String CE_SPEC_VERSION = "1.0";
    static final String CE_TYPE_PREFIX = "com.shopify.";

    public static RawWebhookRecord of(String kafkaTopic, WebhookHeaders shopify, byte[] body, String correlationId,
            Instant receivedAt) {
        List<RecordHeader> headers = new ArrayList<>(16);
        add(headers, TOPIC, shopify.topic());
        add(headers, SHOP_DOMAIN, shopify.shopDomain());
        add(headers, WEBHOOK_ID, shopify.webhookId());
        add(headers, API_VERSION, shopify.apiVersion());
        add(headers, HMAC_SHA256, shopify.hmac());
        add(headers, EVENT_ID, shopify.eventId());
        add(headers, TRIGGERED_AT, shopify.triggeredAt());
        add(headers, NAME, shopify.name());
        add(headers, SUB_TOPIC, shopify.subTopic());
        add(headers, CORRELATION_ID, correlationId);
        add(headers, RECEIVED_AT, receivedAt.toString());
        add(headers, CE_SPECVERSION, CE_SPEC_VERSION);
        add(headers, CE_ID, shopify.webhookId());
        add(headers, CE_SOURCE, "https://" + shopify.shopDomain());
        add(headers, CE_TYPE, CE_TYPE_PREFIX + shopify.topic().replace('/', '.'));
        add(headers, CE_TIME, shopify.triggeredInstant().map(Instant::toString));
        add(headers, CONTENT_TYPE, "application/json");
        return new RawWebhookRecord(kafkaTopic, shopify.shopDomain(), body, List.copyOf(headers));
    }

    private static void add(List<RecordHeader> headers, String name, Optional<String> value) {
        value.ifPresent(v -> add(headers, name, v));
    }

    private static void add(List<RecordHeader> headers, String name, String value) {
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
