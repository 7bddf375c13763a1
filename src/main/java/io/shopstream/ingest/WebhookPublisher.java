package io.shopstream.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Publishes raw webhooks to Kafka. The returned {@link Uni} completes only once the broker has acknowledged the
 * record ({@code acks=all}), and fails with {@link PublishFailedException} when that does not happen within
 * {@code shopstream.ingest.publish-timeout}. The outcome is delivered on the caller's Vert.x context, and the
 * deadline is a timer on that same event loop.
 */
@ApplicationScoped
public class WebhookPublisher {

    /** The outgoing channel; each record names its own topic, so the channel's topic is only a fallback. */
    public static final String CHANNEL = "raw-webhooks";

    private final MutinyEmitter<byte[]> emitter;
    private final IngestConfig config;
    private final Vertx vertx;
    private final IngestMetrics metrics;

    public WebhookPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<byte[]> emitter,
            IngestConfig config, Vertx vertx, IngestMetrics metrics) {
        this.emitter = emitter;
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    public Uni<Void> publish(RawWebhookRecord record) {
        Message<byte[]> message = Message.of(record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                        .withTopic(record.topic())
                        .withKey(record.key())
                        .withHeaders(record.headers())
                        .build());
        return Uni.createFrom().emitter(result -> send(message, result));
    }

    private void send(Message<byte[]> message, UniEmitter<? super Void> result) {
        Context context = vertx.getOrCreateContext();
        AtomicBoolean settled = new AtomicBoolean();
        long started = System.nanoTime();
        long deadline = vertx.setTimer(config.publishTimeout().toMillis(), fired -> {
            if (settled.compareAndSet(false, true)) {
                metrics.publishFinished(false, System.nanoTime() - started);
                result.fail(new PublishFailedException(
                        "Kafka did not acknowledge within " + config.publishTimeout(), null));
            }
        });
        Runnable acknowledged = () -> {
            if (settled.compareAndSet(false, true)) {
                vertx.cancelTimer(deadline);
                metrics.publishFinished(true, System.nanoTime() - started);
                result.complete(null);
            }
        };
        Consumer<Throwable> refused = failure -> {
            if (settled.compareAndSet(false, true)) {
                vertx.cancelTimer(deadline);
                metrics.publishFinished(false, System.nanoTime() - started);
                result.fail(new PublishFailedException("Kafka refused the webhook: " + failure.getMessage(), failure));
            }
        };
        try {
            emitter.sendMessage(message).subscribe().with(
                    ack -> context.runOnContext(ignored -> acknowledged.run()),
                    failure -> context.runOnContext(ignored -> refused.accept(failure)));
        } catch (RuntimeException overflowOrClosed) {
            refused.accept(overflowOrClosed);
        }
    }
}
