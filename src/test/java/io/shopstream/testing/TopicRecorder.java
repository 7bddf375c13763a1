package io.shopstream.testing;

import static io.shopstream.support.kafka.WebhookRecordHeaders.CORRELATION_ID;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

import io.shopstream.ingest.TopicRouter;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Reads topics from the beginning for the duration of a test (by default every raw webhook topic), so a test can
 * find the records one request produced by its correlation ID, or one shop's records by key (tests share the
 * broker, so topics hold other tests' records too).
 */
public final class TopicRecorder implements AutoCloseable {

    private final ConsumerTask<String, byte[]> task;

    private TopicRecorder(ConsumerTask<String, byte[]> task) {
        this.task = task;
    }

    public static TopicRecorder start(KafkaCompanion companion) {
        return start(companion, TopicRouter.withDefaults().kafkaTopics());
    }

    public static TopicRecorder start(KafkaCompanion companion, Set<String> topics) {
        return new TopicRecorder(companion.consume(String.class, byte[].class)
                .withGroupId("recorder-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(topics, Duration.ofMinutes(10)));
    }

    /** The records keyed by {@code key} (a shop) so far, in the order they were read. */
    public List<ConsumerRecord<String, byte[]>> withKey(String key) {
        return task.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** The values of {@link #withKey(String)} as UTF-8 text. */
    public List<String> valuesWithKey(String key) {
        return withKey(key).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
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
