package io.shopstream.deadletters;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Writes a raw record to its dead-letter topic as {@link DeadLetters} does: key, value and headers
 * unchanged plus the {@code dead-letter-*} headers.
 */
final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    static void send(KafkaCompanion kafka, ProducerRecord<String, byte[]> raw, String reason, long originOffset) {
        RecordHeaders headers = new RecordHeaders(raw.headers().toArray());
        add(headers, DeadLetter.REASON, reason);
        add(headers, DeadLetter.CAUSE, "simulated");
        add(headers, DeadLetter.ORIGIN_TOPIC, raw.topic());
        add(headers, DeadLetter.ORIGIN_PARTITION, "0");
        add(headers, DeadLetter.ORIGIN_OFFSET, String.valueOf(originOffset));
        kafka.produce(String.class, byte[].class).fromRecords(List.of(
                new ProducerRecord<>(raw.topic() + ".dlq", null, raw.key(), raw.value(), headers)))
                .awaitCompletion();
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
