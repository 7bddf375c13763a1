package io.shopstream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shopstream.ingest.WebhookAccessLog;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Webhooks;

@QuarkusTest
@TestProfile(TracingTest.TracingEnabled.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class TracingTest {

    /** The SDK on, as QUARKUS_OTEL_SDK_DISABLED=false does in production; spans go to {@link InMemorySpanExporter}. */
    public static class TracingEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    private final List<ExtLogRecord> accessLog = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyMdc();
                accessLog.add(ext);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        spans.reset();
        Logger.getLogger(WebhookAccessLog.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(WebhookAccessLog.class.getName()).removeHandler(capture);
    }

    @Test
    void aWebhookIsOneTraceFromTheHttpServerThroughKafkaToTheConsumerAndItsLogCarriesTheTraceId() {
        String shop = RawRecords.newShop();
        String webhookId = UUID.randomUUID().toString();
        Webhooks.send(SignedSample.load("orders-create.json")
                .forShop(shop)
                .withHeader("X-Shopify-Webhook-Id", webhookId)).then().statusCode(200);
        Ledger.awaitProcessed(shop, 1);

        await().atMost(Duration.ofSeconds(15)).until(() -> server() != null && producer() != null);
        SpanData server = server();
        SpanData producer = producer();
        assertThat(producer.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(producer.getParentSpanId()).isEqualTo(server.getSpanId());
        // the traceparent header carries the trace into Kafka, and the consumer's receive span continues it
        await().atMost(Duration.ofSeconds(15)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getKind() == SpanKind.CONSUMER && s.getName().contains("shopify.orders.v1")
                        && s.getTraceId().equals(server.getTraceId())));
        await().atMost(Duration.ofSeconds(10)).until(() -> accessLog.stream()
                .anyMatch(line -> webhookId.equals(line.getMdc("webhookId"))));
        ExtLogRecord line = accessLog.stream().filter(l -> webhookId.equals(l.getMdc("webhookId"))).findFirst()
                .orElseThrow();
        assertThat(line.getMdc("traceId")).isEqualTo(server.getTraceId());
        assertThat(line.getMdc("shop")).isEqualTo(shop);
        assertThat(line.getMdc("topic")).isEqualTo("orders/create");
    }

    private SpanData server() {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/webhooks/shopify"))
                .findFirst().orElse(null);
    }

    private SpanData producer() {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER && s.getName().contains("shopify.orders.v1"))
                .findFirst().orElse(null);
    }
}
