package io.shopstream.deadletters;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a dead letter back to its origin topic, byte for byte: the original key and value, the original headers
 * without the {@code dead-letter-*} ones, plus {@link ReplayHeaders}. Completes once Kafka acknowledged it
 * ({@code acks=all}).
 */
@ApplicationScoped
public class DeadLetterReplayer {

    /** The channel (not a topic): every record names its origin topic. */
    public static final String CHANNEL = "dead-letter-replays";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetterReplayer(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> replay(DeadLetterRecord record, String operator, Instant now) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return emitter.sendMessage(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(record.letter().originTopic())
                .withKey(record.key())
                .withHeaders(ReplayHeaders.of(record.headers(), operator, now))
                .build()));
    }
}
