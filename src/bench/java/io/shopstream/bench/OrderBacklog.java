package io.shopstream.bench;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.shopstream.devservices.sender.BenchArgs;
import io.shopstream.devservices.sender.SyntheticOrders;
import io.shopstream.ingest.RawWebhookRecord;
import io.shopstream.ingest.TopicRouter;
import io.shopstream.ingest.WebhookHeaders;
import io.shopstream.support.correlation.CorrelationId;

/**
 * Writes a backlog of distinct {@code orders/create} webhooks into {@code shopify.orders.v1} exactly as ingest
 * would: routed by the production {@link TopicRouter}, key, value and headers from the production
 * {@link RawWebhookRecord#of}, signed with the app's secret, acknowledged by all in-sync replicas.
 *
 * <pre>
 * OrderBacklog bootstrap=127.0.0.1:9092 orders=100000 shops=1000 [shop-prefix=bench] [run-id=8 hex digits]
 *              [secret=shopstream-test-client-secret]
 * </pre>
 *
 * {@code bootstrap} falls back to {@code KAFKA_BOOTSTRAP_SERVERS}. Prints one {@code BACKLOG key=value ...} line;
 * exits 1 if any record was not acknowledged.
 */
public final class OrderBacklog {

    private OrderBacklog() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        String bootstrap = args.getOrEnv("bootstrap", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        int orders = args.integer("orders", 100_000);
        int shops = args.integer("shops", 1_000);
        String prefix = args.get("shop-prefix", "bench");
        String runId = args.get("run-id", "%08x".formatted(System.nanoTime() & 0xffffffffL));

        SyntheticOrders generator = new SyntheticOrders(prefix, shops, 0, runId);
        String kafkaTopic = TopicRouter.withDefaults().route(SyntheticOrders.SHOPIFY_TOPIC);

        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "shopstream-bench-backlog",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BATCH_SIZE_CONFIG, 1_048_576,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16_777_216,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);

        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long bytes = 0;
        System.err.printf("[backlog] producing %d orders/create webhooks for %d shops (%s-0001 ...) to %s at %s%n",
                orders, shops, prefix, kafkaTopic, bootstrap);
        long start = System.nanoTime();
        long lastReport = start;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < orders; i++) {
                SyntheticOrders.Order order = generator.order(i);
                byte[] body = generator.body(order);
                bytes += body.length;
                WebhookHeaders headers = new WebhookHeaders(WebhookHeaders.Kind.WEBHOOK, SyntheticOrders.SHOPIFY_TOPIC,
                        order.shop(), order.webhookId(), SyntheticOrders.API_VERSION, Optional.of(order.eventId()),
                        Optional.of(order.triggeredAt()), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty());
                RawWebhookRecord record = RawWebhookRecord.of(kafkaTopic, headers, body, CorrelationId.mint(),
                        Instant.now());
                producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                        record.headers().stream().map(Header.class::cast).toList()), (metadata, failure) -> {
                            if (failure == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, failure);
                            }
                        });
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L) {
                    lastReport = now;
                    System.err.printf("[backlog] %d sent, %d acknowledged, %.0f s%n", i + 1, acknowledged.get(),
                            (now - start) / 1e9);
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BACKLOG orders=%d shops=%d acknowledged=%d failed=%d topic=%s bytes=%d avg_bytes=%d"
                + " seconds=%.2f orders_per_s=%.0f run_id=%s%n", orders, shops, acknowledged.get(), failed.get(),
                kafkaTopic, bytes, orders == 0 ? 0 : bytes / orders, seconds, orders / seconds, runId);
        if (failed.get() > 0 || acknowledged.get() != orders) {
            System.err.println("[backlog] not every record was acknowledged: " + firstFailure.get());
            System.exit(1);
        }
    }
}
