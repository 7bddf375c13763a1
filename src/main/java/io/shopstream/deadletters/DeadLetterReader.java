package io.shopstream.deadletters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Reads the dead-letter topics ({@code *.dlq}, discovered on the broker) with a consumer of its own that assigns
 * and seeks partitions: no consumer group, nothing committed, so reading never disturbs anything. The Kafka client
 * blocks, so each scan runs on a worker thread and completes back on the caller's Vert.x context. A scan is
 * bounded by {@code shopstream.dead-letters.max-scan} records and {@code scan-timeout}.
 */
@ApplicationScoped
public class DeadLetterReader {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Comparator<DeadLetterRecord> KAFKA_ORDER = Comparator
            .comparing((DeadLetterRecord r) -> r.letter().dlqTopic())
            .thenComparingInt(r -> r.letter().partition())
            .thenComparingLong(r -> r.letter().offset());

    private final Vertx vertx;
    private final DeadLetterConfig config;
    private final Map<String, Object> kafkaConfig;

    public DeadLetterReader(Vertx vertx, DeadLetterConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.vertx = vertx;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
    }

    public Uni<DeadLetterScan> scan(DeadLetterFilter filter) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> scanBlocking(filter)), false);
    }

    private DeadLetterScan scanBlocking(DeadLetterFilter filter) {
        long deadline = System.nanoTime() + config.scanTimeout().toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            Map<TopicPartition, Long> next = new HashMap<>();
            Map<TopicPartition, Long> end = new HashMap<>();
            plan(consumer, filter, next, end);
            consumer.assign(next.keySet());
            next.forEach(consumer::seek);

            List<DeadLetterRecord> found = new ArrayList<>();
            int scanned = 0;
            boolean stopped = false;
            while (!stopped && unread(next, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue; // written after the scan began
                    }
                    if (scanned >= config.maxScan() || found.size() >= filter.limit()) {
                        stopped = true;
                        break;
                    }
                    scanned++;
                    next.put(partition, record.offset() + 1);
                    DeadLetter letter = DeadLetter.of(record);
                    if (filter.matches(letter)) {
                        found.add(new DeadLetterRecord(letter, record.key(), record.value(), record.headers()));
                    }
                }
                if (!stopped) {
                    // offsets may have gaps (transaction markers): the position is what was read past
                    for (TopicPartition partition : consumer.assignment()) {
                        next.merge(partition, consumer.position(partition), Math::max);
                    }
                    stopped = scanned >= config.maxScan() || found.size() >= filter.limit();
                }
            }
            found.sort(KAFKA_ORDER);
            return new DeadLetterScan(List.copyOf(found), scanned, unread(next, end));
        }
    }

    /** Fills the first offset to read and the end (exclusive) of every partition the filter can match in. */
    private void plan(KafkaConsumer<String, byte[]> consumer, DeadLetterFilter filter, Map<TopicPartition, Long> next,
            Map<TopicPartition, Long> end) {
        Duration timeout = config.scanTimeout();
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(timeout).entrySet()) {
            if (filter.readsTopic(topic.getKey())) {
                topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        Map<TopicPartition, Long> first = new HashMap<>(consumer.beginningOffsets(partitions, timeout));
        Map<TopicPartition, Long> last = new HashMap<>(consumer.endOffsets(partitions, timeout));
        if (filter.from() != null) {
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, filter.from().toEpochMilli()));
            consumer.offsetsForTimes(at, timeout).forEach((partition, offset) -> first.merge(partition,
                    offset == null ? last.get(partition) : offset.offset(), Math::max));
        }
        for (TopicPartition partition : partitions) {
            long from = first.get(partition);
            long to = last.get(partition);
            if (!filter.ids().isEmpty()) {
                List<Long> wanted = filter.ids().stream()
                        .filter(id -> id.topic().equals(partition.topic()) && id.partition() == partition.partition())
                        .map(DeadLetterId::offset).toList();
                if (wanted.isEmpty()) {
                    continue;
                }
                from = Math.max(from, wanted.stream().min(Long::compare).orElseThrow());
                to = Math.min(to, wanted.stream().max(Long::compare).orElseThrow() + 1);
            }
            if (from < to) {
                next.put(partition, from);
                end.put(partition, to);
            }
        }
    }

    private static boolean unread(Map<TopicPartition, Long> next, Map<TopicPartition, Long> end) {
        return next.entrySet().stream().anyMatch(e -> e.getValue() < end.get(e.getKey()));
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "shopstream-dead-letter-reader-" + Instant.now().toEpochMilli());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return props;
    }
}
