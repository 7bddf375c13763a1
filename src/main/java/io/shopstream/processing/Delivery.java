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
 * triggered it, the correlation ID minted at ingest, where it sits in Kafka, the signed body, and when Shopstream
 * received it.
 * <p>
 * The trigger time is an unsigned header: it is believed only up to the moment of receipt (ingest stamps that, and
 * refuses a trigger time far beyond it), so no header can date a tombstone, an erasure or an uninstall into the
 * future and make later deliveries look stale.
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
        byte[] body,
        OffsetDateTime receivedAt) {

    /** A delivery that did not come through ingest (a refresh read from the Admin API, tests). */
    public Delivery(String shopDomain, String webhookId, String topic, String eventId, OffsetDateTime triggeredAt,
            String correlationId, String kafkaTopic, int partition, long offset, byte[] body) {
        this(shopDomain, webhookId, topic, eventId, triggeredAt, correlationId, kafkaTopic, partition, offset, body,
                null);
    }

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
        OffsetDateTime receivedAt = time(headers, RECEIVED_AT);
        OffsetDateTime triggeredAt = time(headers, TRIGGERED_AT);
        if (triggeredAt != null && receivedAt != null && triggeredAt.isAfter(receivedAt)) {
            triggeredAt = receivedAt;
        }
        return new Delivery(shop, webhookId, topic, header(headers, EVENT_ID), triggeredAt,
                header(headers, CORRELATION_ID), kafkaTopic, partition, offset, body, receivedAt);
    }

    private static OffsetDateTime time(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new PoisonRecordException(name + " is not an ISO-8601 timestamp");
        }
    }

    /**
     * When the change happened, as far as Shopstream can tell: the trigger time (never later than the receipt),
     * else the moment of receipt, else now. What tombstones, erasures and uninstalls are dated with.
     */
    public OffsetDateTime effectiveAt() {
        if (triggeredAt != null) {
            return triggeredAt;
        }
        return receivedAt != null ? receivedAt : OffsetDateTime.now(ZoneOffset.UTC);
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
