package io.shopstream.ingest;

import static io.shopstream.testing.TopicRecorder.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.LogCapture;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.TopicRecorder;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Signatures;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class WebhookIngestTest {

    /** The documented routing table, written out independently of the router. */
    private static final Map<String, String> EXPECTED_TOPIC = Map.ofEntries(
            Map.entry("orders/create", "shopify.orders.v1"),
            Map.entry("orders/paid", "shopify.orders.v1"),
            Map.entry("orders/updated", "shopify.orders.v1"),
            Map.entry("orders/cancelled", "shopify.orders.v1"),
            Map.entry("orders/edited", "shopify.orders.v1"),
            Map.entry("refunds/create", "shopify.orders.v1"),
            Map.entry("inventory_levels/update", "shopify.inventory.v1"),
            Map.entry("inventory_levels/connect", "shopify.inventory.v1"),
            Map.entry("inventory_items/update", "shopify.inventory.v1"),
            Map.entry("products/update", "shopify.products.v1"),
            Map.entry("products/delete", "shopify.products.v1"),
            Map.entry("customers/data_request", "shopify.compliance.v1"),
            Map.entry("customers/redact", "shopify.compliance.v1"),
            Map.entry("shop/redact", "shopify.compliance.v1"),
            Map.entry("app/uninstalled", "shopify.app.v1"),
            Map.entry("bulk_operations/finish", "shopify.other.v1"));

    private static TopicRecorder recorder;

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @BeforeEach
    void startRecorder() {
        if (recorder == null) {
            recorder = TopicRecorder.start(companion);
        }
    }

    @AfterAll
    static void stopRecorder() {
        if (recorder != null) {
            recorder.close();
            recorder = null;
        }
    }

    static List<String> samples() {
        return SignedSample.files();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleLandsInItsTopicByteForByte(String file) {
        SignedSample sample = SignedSample.load(file);
        Instant before = Instant.now();

        Response response = Webhooks.send(sample);

        response.then().statusCode(200);
        String correlationId = response.header("X-Correlation-Id");
        ConsumerRecord<String, byte[]> record = recorder.awaitOne(correlationId);
        assertThat(record.topic()).isEqualTo(EXPECTED_TOPIC.get(sample.topic()));
        assertThat(record.key()).isEqualTo("example-shop.myshopify.com");
        assertThat(record.value()).isEqualTo(sample.body());
        assertThat(header(record, "shopify-topic")).isEqualTo(sample.topic());
        assertThat(header(record, "shopify-shop-domain")).isEqualTo("example-shop.myshopify.com");
        assertThat(header(record, "shopify-webhook-id")).isEqualTo(sample.header("X-Shopify-Webhook-Id"));
        assertThat(header(record, "shopify-event-id")).isEqualTo(sample.header("X-Shopify-Event-Id"));
        assertThat(header(record, "shopify-triggered-at")).isEqualTo(sample.header("X-Shopify-Triggered-At"));
        assertThat(header(record, "shopify-api-version")).isEqualTo("2026-07");
        assertThat(header(record, "shopify-hmac-sha256")).as("the signature is never carried").isNull();
        assertThat(Instant.parse(header(record, "shopstream-received-at"))).isBetween(before, Instant.now());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(sample.header("X-Shopify-Webhook-Id"));
        assertThat(header(record, "ce_source")).isEqualTo("https://example-shop.myshopify.com");
        assertThat(header(record, "ce_type")).isEqualTo("com.shopify." + sample.topic().replace('/', '.'));
        assertThat(Instant.parse(header(record, "ce_time")))
                .isEqualTo(Instant.parse(sample.header("X-Shopify-Triggered-At")));
    }

    @Test
    void aDuplicateDeliveryIsAcceptedAndPublishedAgain() {
        SignedSample sample = SignedSample.load("orders-updated.json");

        String first = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");
        String second = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

        assertThat(second).isNotEqualTo(first);
        assertThat(header(recorder.awaitOne(first), "shopify-webhook-id"))
                .isEqualTo(header(recorder.awaitOne(second), "shopify-webhook-id"));
    }

    @Test
    void acceptsBodiesLargerThanOneMegabyte() {
        String note = "x".repeat(2 * 1024 * 1024);
        byte[] body = ("{\"id\":6123456789099,\"note\":\"" + note + "\"}").getBytes(StandardCharsets.UTF_8);
        SignedSample sample = SignedSample.load("orders-create.json")
                .withBody(body, Signatures.sign(body, SignedSample.SECRET));

        String correlationId = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

        assertThat(recorder.awaitOne(correlationId).value()).isEqualTo(body);
    }

    @Test
    void acceptsTheSecretBeingRotatedIn() {
        SignedSample sample = SignedSample.load("products-update.json");
        SignedSample resigned = sample.withBody(sample.body(),
                Signatures.sign(sample.body(), "shopstream-test-client-secret-next"));

        String correlationId = Webhooks.send(resigned).then().statusCode(200).extract().header("X-Correlation-Id");

        assertThat(recorder.awaitOne(correlationId).value()).isEqualTo(sample.body());
    }

    @Test
    void logsOneLinePerRequestWithItsCorrelationIdButNeverTheBodyOrSecret() {
        SignedSample sample = SignedSample.load("orders-create.json");
        try (LogCapture log = LogCapture.of(WebhookAccessLog.class)) {
            String correlationId = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream()
                    .anyMatch(line -> line.message().contains(correlationId)));
            List<LogCapture.Line> lines = log.lines().stream()
                    .filter(line -> line.message().contains(correlationId)).toList();
            assertThat(lines).hasSize(1);
            LogCapture.Line line = lines.get(0);
            assertThat(line.correlationId()).isEqualTo(correlationId);
            assertThat(line.message()).contains("status=200", "topic=orders/create",
                    "shop=example-shop.myshopify.com", "webhook_id=9a38d246-c5e4-48e6-9714-e7ffbb48e6e1",
                    "secret=1", "latency_ms=");
            assertThat(line.message()).doesNotContain(SignedSample.SECRET, "maya.okafor", "line_items");
        }
    }
}
