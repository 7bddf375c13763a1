package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import io.shopstream.testing.SignedSample;

class RawWebhookRecordTest {

    private static Map<String, String> headersOf(RawWebhookRecord record) {
        Map<String, String> result = new LinkedHashMap<>();
        for (RecordHeader header : record.headers()) {
            result.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return result;
    }

    private static WebhookHeaders parse(SignedSample sample) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(sample.headers());
        return WebhookHeaders.parse(headers::get);
    }

    @Test
    void carriesShopifyShopstreamAndCloudEventsHeaders() {
        SignedSample sample = SignedSample.load("orders-create.json");
        Instant receivedAt = Instant.parse("2026-08-14T15:21:10.000001Z");

        RawWebhookRecord record = RawWebhookRecord.of("shopify.orders.v1", parse(sample), sample.body(), "corr-1",
                receivedAt);

        assertThat(record.topic()).isEqualTo("shopify.orders.v1");
        assertThat(record.key()).isEqualTo("example-shop.myshopify.com");
        assertThat(record.value()).isSameAs(sample.body());
        assertThat(headersOf(record)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("shopify-topic", "orders/create"),
                Map.entry("shopify-shop-domain", "example-shop.myshopify.com"),
                Map.entry("shopify-webhook-id", "9a38d246-c5e4-48e6-9714-e7ffbb48e6e1"),
                Map.entry("shopify-api-version", "2026-07"),
                Map.entry("shopify-event-id", "5c8b6264-08ac-47ad-bc49-fe4285d7f80c"),
                Map.entry("shopify-triggered-at", "2026-08-14T15:21:09.412583Z"),
                Map.entry("shopstream-correlation-id", "corr-1"),
                Map.entry("shopstream-received-at", "2026-08-14T15:21:10.000001Z"),
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "9a38d246-c5e4-48e6-9714-e7ffbb48e6e1"),
                Map.entry("ce_source", "https://example-shop.myshopify.com"),
                Map.entry("ce_type", "com.shopify.orders.create"),
                Map.entry("ce_time", "2026-08-14T15:21:09.412583Z"),
                Map.entry("content-type", "application/json")));
    }

    @Test
    void neverCarriesTheSignatureSoNoReaderCanResendTheBody() {
        SignedSample sample = SignedSample.load("orders-create.json");

        RawWebhookRecord record = RawWebhookRecord.of("shopify.orders.v1", parse(sample), sample.body(), "corr-3",
                Instant.EPOCH);

        assertThat(headersOf(record)).doesNotContainKey("shopify-hmac-sha256")
                .doesNotContainValue(sample.header("X-Shopify-Hmac-Sha256"));
    }

    @Test
    void aDottedTopicBecomesADottedCloudEventsType() {
        SignedSample sample = SignedSample.load("orders-create.json").withHeader("X-Shopify-Topic",
                "customer.tags_added");

        assertThat(headersOf(RawWebhookRecord.of("shopify.other.v1", parse(sample), sample.body(), "corr-4",
                Instant.EPOCH))).containsEntry("ce_type", "com.shopify.customer.tags_added")
                .containsEntry("shopify-topic", "customer.tags_added");
    }

    @Test
    void aQuarantinedRecordCarriesItsReasonAndOnlyHeadersSafeToCarry() {
        SignedSample sample = SignedSample.load("orders-create.json").withHeader("X-Shopify-Topic", "Orders/Create")
                .withHeader("X-Shopify-Name", "bad\u0007name");
        Map<String, String> raw = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        raw.putAll(sample.headers());

        RawWebhookRecord record = RawWebhookRecord.quarantined("shopify.quarantine.v1", WebhookHeaders.Kind.WEBHOOK,
                raw::get, sample.body(), "X-Shopify-Topic must be a Shopify topic", "corr-5", Instant.EPOCH);

        assertThat(record.topic()).isEqualTo("shopify.quarantine.v1");
        assertThat(record.key()).isEqualTo("example-shop.myshopify.com");
        assertThat(record.value()).isSameAs(sample.body());
        assertThat(headersOf(record)).containsEntry("shopstream-quarantine-reason",
                "X-Shopify-Topic must be a Shopify topic").containsEntry("shopify-topic", "Orders/Create")
                .containsEntry("shopstream-correlation-id", "corr-5").doesNotContainKeys("shopify-name",
                        "shopify-hmac-sha256");
    }

    @Test
    void leavesOutAbsentOptionalHeaders() {
        SignedSample sample = SignedSample.load("shop-redact.json")
                .withHeader("X-Shopify-Event-Id", null)
                .withHeader("X-Shopify-Triggered-At", null)
                .withHeader("X-Shopify-Name", "compliance");

        Map<String, String> headers = headersOf(RawWebhookRecord.of("shopify.compliance.v1", parse(sample),
                sample.body(), "corr-2", Instant.EPOCH));

        assertThat(headers).doesNotContainKeys("shopify-event-id", "shopify-triggered-at", "ce_time");
        assertThat(headers).containsEntry("shopify-name", "compliance").containsEntry("ce_type",
                "com.shopify.shop.redact");
    }
}
