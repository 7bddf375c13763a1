package io.shopstream.testing;

import static io.shopstream.support.kafka.WebhookRecordHeaders.CORRELATION_ID;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

import io.shopstream.ingest.TopicRouter;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Reads every raw webhook topic from the beginning for the duration of a test class, so a test can find the records
 * one request produced by its correlation ID (tests share the broker, so topics hold other tests' records too).
 */
public final class RawTopicRecorder implements AutoCloseable {

    private final ConsumerTask<String, byte[]> task;

    private RawTopicRecorder(ConsumerTask<String, byte[]> task) {
        this.task = task;
    }

    public static RawTopicRecorder start(KafkaCompanion companion) {
        return new RawTopicRecorder(companion.consume(String.class, byte[].class)
                .withGroupId("recorder-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(TopicRouter.withDefaults().kafkaTopics(), Duration.ofMinutes(10)));
    }

    public List<ConsumerRecord<String, byte[]>> withCorrelationId(String correlationId) {
        return task.stream().filter(r -> correlationId.equals(header(r, CORRELATION_ID))).toList();
    }

    /** Waits for the single record of a request, and checks there is no second one. */
    public ConsumerRecord<String, byte[]> awaitOne(String correlationId) {
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> !withCorrelationId(correlationId).isEmpty());
        List<ConsumerRecord<String, byte[]>> records = withCorrelationId(correlationId);
        if (records.size() != 1) {
            throw new AssertionError("expected exactly one record for " + correlationId + ", got " + records.size());
        }
        return records.get(0);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        task.close();
    }
}
