package io.shopstream.processing;

import static io.shopstream.support.kafka.WebhookRecordHeaders.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One webhook delivery as read back from a raw topic: who sent it (shop, webhook id, topic), when Shopify
 * triggered it, the correlation ID minted at ingest, where it sits in Kafka, and the signed body.
 */
public record Delivery(
        String shopDomain,
        String webhookId,
        String topic,
        String eventId,
        OffsetDateTime triggeredAt,
        String correlationId,
        String kafkaTopic,
        int partition,
        long offset,
        byte[] body) {

    public static Delivery of(String kafkaTopic, int partition, long offset, String key, Headers headers,
            byte[] body) {
        String shop = header(headers, SHOP_DOMAIN);
        if (shop == null) {
            shop = key;
        }
        String webhookId = header(headers, WEBHOOK_ID);
        String topic = header(headers, TOPIC);
        if (shop == null || webhookId == null || topic == null) {
            throw new PoisonRecordException("record lacks the shopify-shop-domain, shopify-webhook-id or shopify-topic"
                    + " header");
        }
        if (body == null) {
            throw new PoisonRecordException("record has no value");
        }
        return new Delivery(shop, webhookId, topic, header(headers, EVENT_ID), triggeredAt(headers),
                header(headers, CORRELATION_ID), kafkaTopic, partition, offset, body);
    }

    private static OffsetDateTime triggeredAt(Headers headers) {
        String value = header(headers, TRIGGERED_AT);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PoisonRecordException("shopify-triggered-at is not an ISO-8601 timestamp");
        }
    }

    /** When Shopify triggered the webhook, or the epoch when it did not say: only used to break ties. */
    public Instant triggeredOrEpoch() {
        return triggeredAt == null ? Instant.EPOCH : triggeredAt.toInstant();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
