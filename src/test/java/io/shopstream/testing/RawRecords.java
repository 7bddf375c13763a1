package io.shopstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shopstream.ingest.RawWebhookRecord;
import io.shopstream.ingest.TopicRouter;
import io.shopstream.ingest.WebhookHeaders;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Builds raw-topic records exactly as ingest writes them (same key, value and headers, through the production
 * {@link RawWebhookRecord}), for tests of the consumers that start at Kafka. Each test uses a shop of its own, so
 * tests sharing the broker and the database never see each other's rows.
 */
public final class RawRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TopicRouter ROUTER = TopicRouter.withDefaults();

    private RawRecords() {
    }

    /** A fresh *.myshopify.com domain. */
    public static String newShop() {
        return "t" + UUID.randomUUID().toString().substring(0, 12) + ".myshopify.com";
    }

    /** A delivery of a sample to a shop, with a new webhook id and event id unless they are given. */
    public static Builder of(String sampleFile, String shop) {
        return new Builder(SignedSample.load(sampleFile), shop);
    }

    public static void send(KafkaCompanion kafka, ProducerRecord<String, byte[]>... records) {
        kafka.produce(String.class, byte[].class).fromRecords(List.of(records)).awaitCompletion();
    }

    public static final class Builder {
        private final SignedSample sample;
        private final String shop;
        private String webhookId = UUID.randomUUID().toString();
        // every delivery built is its own event: Shopify shares an event id only between the topics and
        // subscriptions of one change, and the ledger treats a second copy on one topic as a duplicate
        private String eventId = UUID.randomUUID().toString();
        private String topic;
        private String triggeredAt;
        private byte[] body;
        private final String correlationId = UUID.randomUUID().toString();

        private Builder(SignedSample sample, String shop) {
            this.sample = sample;
            this.shop = shop;
            this.topic = sample.topic();
            this.triggeredAt = sample.header("X-Shopify-Triggered-At");
            this.body = sample.body();
        }

        /** The same event as another delivery (a fan-out copy, or another topic of the same change). */
        public Builder eventId(String id) {
            this.eventId = id;
            return this;
        }

        public Builder webhookId(String id) {
            this.webhookId = id;
            return this;
        }

        public Builder topic(String shopifyTopic) {
            this.topic = shopifyTopic;
            return this;
        }

        public Builder triggeredAt(String instant) {
            this.triggeredAt = instant;
            return this;
        }

        public Builder body(String text) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Edits the sample's JSON (top-level object), e.g. {@code json -> json.put("updated_at", "...")}. */
        public Builder edit(Consumer<ObjectNode> change) {
            try {
                ObjectNode node = (ObjectNode) JSON.readTree(body);
                change.accept(node);
                this.body = JSON.writeValueAsBytes(node);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String correlationId() {
            return correlationId;
        }

        public String webhookId() {
            return webhookId;
        }

        public ProducerRecord<String, byte[]> build() {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(sample.headers());
            headers.put("X-Shopify-Shop-Domain", shop);
            headers.put("X-Shopify-Webhook-Id", webhookId);
            headers.put("X-Shopify-Event-Id", eventId);
            headers.put("X-Shopify-Topic", topic);
            if (triggeredAt == null) {
                headers.remove("X-Shopify-Triggered-At");
            } else {
                headers.put("X-Shopify-Triggered-At", triggeredAt);
            }
            // the shop's own body, as Shopify would send it: the ledger refuses a body seen under another shop
            RawWebhookRecord raw = RawWebhookRecord.of(ROUTER.route(topic), WebhookHeaders.parse(headers::get),
                    SignedSample.bodyFor(body, shop), correlationId, Instant.now());
            return new ProducerRecord<>(raw.topic(), null, raw.key(), raw.value(),
                    new RecordHeaders(raw.headers().toArray(new Header[0])));
        }
    }
}
