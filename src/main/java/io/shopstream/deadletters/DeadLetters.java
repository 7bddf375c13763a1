package io.shopstream.deadletters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a record that can never be processed to {@code <topic>.dlq}: the raw key, value and headers unchanged, plus
 * SmallRye's dead-letter headers ({@code dead-letter-reason}, {@code -cause}, {@code -topic}, {@code -partition},
 * {@code -offset}), the contract operators and the replay tooling rely on.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "dead-letters";
    public static final String SUFFIX = ".dlq";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Completes once Kafka acknowledged the dead letter, so the source offset may be committed after it. */
    public Uni<Void> send(IncomingKafkaRecord<String, byte[]> record, Throwable reason) {
        return send(record, reason, Map.of());
    }

    /** As {@link #send(IncomingKafkaRecord, Throwable)}, with more headers (e.g. the Shopify error codes). */
    public Uni<Void> send(IncomingKafkaRecord<String, byte[]> record, Throwable reason, Map<String, String> more) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header header : record.getHeaders()) {
            headers.add(new RecordHeader(header.key(), header.value()));
        }
        add(headers, "dead-letter-reason", String.valueOf(reason.getMessage()));
        if (reason.getCause() != null) {
            add(headers, "dead-letter-cause", String.valueOf(reason.getCause().getMessage()));
        }
        add(headers, "dead-letter-topic", record.getTopic());
        add(headers, "dead-letter-partition", String.valueOf(record.getPartition()));
        add(headers, "dead-letter-offset", String.valueOf(record.getOffset()));
        more.forEach((name, value) -> add(headers, name, value));
        byte[] value = record.getPayload() == null ? new byte[0] : record.getPayload();
        return emitter.sendMessage(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(record.getTopic() + SUFFIX)
                .withKey(record.getKey())
                .withHeaders(headers)
                .build()));
    }

    private static void add(List<RecordHeader> headers, String name, String value) {
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
