package io.shopstream.ingest;

import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.event.Observes;

/**
 * Publishes raw webhooks to Kafka. The returned {@link Uni} completes only once the broker has acknowledged the
 * record ({@code acks=all}), and fails with {@link PublishFailedException} when that does not happen within
 * {@code shopstream.ingest.publish-timeout}.
 */
@ApplicationScoped
public class WebhookPublisher {

    /** The outgoing channel; each record names its own topic, so the channel's topic is only a fallback. */
    public static final String CHANNEL = "raw-webhooks";

    private final MutinyEmitter<byte[]> emitter;
    private final IngestConfig config;

    public WebhookPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<byte[]> emitter,
            IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    void warnAboutDryRun(@Observes StartupEvent event) {
        if (config.dryRun()) {
            Log.warn("shopstream.ingest.dry-run is on: webhooks are answered 200 WITHOUT being published to Kafka."
                    + " Use it only as a benchmark baseline.");
        }
    }

    public Uni<Void> publish(RawWebhookRecord record) {
        if (config.dryRun()) {
            return Uni.createFrom().voidItem();
        }
        Message<byte[]> message = Message.of(record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                        .withTopic(record.topic())
                        .withKey(record.key())
                        .withHeaders(record.headers())
                        .build());
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message))
                .ifNoItem().after(config.publishTimeout())
                .failWith(() -> new TimeoutException("no acknowledgement within " + config.publishTimeout()))
                .onFailure().transform(cause -> new PublishFailedException(
                        "Kafka did not acknowledge the webhook: " + cause.getMessage(), cause));
    }
}
