package io.shopstream.writeback;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.shopstream.deadletters.ReplayHeaders;
import io.shopstream.shopify.Backoff;
import io.shopstream.shopify.CredentialsSource;
import io.shopstream.support.correlation.CorrelationId;
import io.shopstream.deadletters.DeadLetters;
import io.shopstream.support.timers.Delays;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Performs the write-backs read from {@link WriteBacks#TOPIC}. Each record is taken into a {@link WriteBackQueue}
 * and acknowledged only when its write-back ended and that end is recorded in {@link WriteBackRepository}; the throttled
 * commit strategy then commits up to the oldest write-back not yet ended, so a crash loses none. Ends:
 * <ul>
 * <li>{@code applied} / {@code unchanged}: the action's result;</li>
 * <li>{@code skipped}: the shop has no Admin API credentials (Shopstream does not write to shops it cannot reach);</li>
 * <li>{@code cancelled}: the app was uninstalled from the shop;</li>
 * <li>{@code dead-lettered}: a permanent failure or exhausted retries, sent to {@code <topic>.dlq} with
 * {@code dead-letter-reason} and {@code dead-letter-shopify-codes}.</li>
 * </ul>
 * A local, passing failure (the database) is retried on a Vert.x timer, without end. Nothing blocks an event loop.
 */
@ApplicationScoped
public class WriteBackEngine {

    public static final String SHOPIFY_CODES_HEADER = "dead-letter-shopify-codes";

    /** One write-back held by this instance. */
    static final class Job implements WriteBackQueue.Queued {
        final IncomingKafkaRecord<String, byte[]> record;
        final WriteBack writeBack;
        final String partition;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile Cancellable subscription;
        int attempts;

        Job(IncomingKafkaRecord<String, byte[]> record, WriteBack writeBack) {
            this.record = record;
            this.writeBack = writeBack;
            this.partition = record.getTopic() + '-' + record.getPartition();
        }

        @Override
        public String shop() {
            return writeBack.shop();
        }

        @Override
        public String entity() {
            return writeBack.entity();
        }

        @Override
        public String partition() {
            return partition;
        }

        @Override
        public Instant createdAt() {
            return writeBack.createdAt();
        }
    }

    private final Map<String, WriteBackAction> actions;
    private final WriteBackRepository log;
    private final CredentialsSource credentials;
    private final DeadLetters deadLetters;
    private final WriteBackConfig config;
    private final WriteBackMetrics metrics;
    private final Vertx vertx;
    private final WriteBackQueue<Job> queue;
    private final Backoff backoff;
    private UniEmitter<? super Void> waitingForRoom;
    private long purger = -1;
    /** Shutting down: nothing more is started, and nothing that fails from now on is dead-lettered or acknowledged. */
    private volatile boolean stopping;

    public WriteBackEngine(Instance<WriteBackAction> actions, WriteBackRepository log, CredentialsSource credentials,
            DeadLetters deadLetters, WriteBackConfig config, WriteBackMetrics metrics, Vertx vertx) {
        this.actions = actions.stream().collect(Collectors.toMap(WriteBackAction::kind, Function.identity()));
        this.log = log;
        this.credentials = credentials;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.queue = new WriteBackQueue<>(config.maxPending(), config.maxConcurrentPerShop(), this::start);
        this.backoff = new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        metrics.watch(queue);
        metrics.register(this.actions.keySet());
    }

    void startPurge(@Observes StartupEvent event) {
        purger = vertx.setPeriodic(config.logPurgeInterval().toMillis(), tick -> log
                .purgeOlderThan(config.logRetention()).subscribe().with(
                        purged -> Log.debugf("purged %d ended write-backs", purged),
                        failure -> Log.warnf("purging ended write-backs failed (tried again later): %s",
                                failure.toString())));
    }

    void stopPurge(@Observes ShutdownEvent event) {
        if (purger >= 0) {
            vertx.cancelTimer(purger);
        }
    }

    /**
     * Shutting down: the database pool closes while the Kafka consumer still holds its partitions (it is closed
     * last, after the connector's closing timeout). Start nothing more and drop what waits; what is in progress and
     * fails from now on (the pool is gone) stays unacknowledged for the partition's next owner, instead of being
     * dead-lettered for a failure that is only the shutdown.
     */
    void stopTaking(@Observes ShutdownEvent event) {
        stopping = true;
        int dropped = queue.dropAllWaiting();
        roomMayHaveFreed();
        Log.infof("shutting down: %d waiting write-backs left to their partitions' next owners, %d in progress",
                dropped, queue.size());
    }

    /**
     * Takes one record of the write-back topic. Completes at once while the instance has room, else when some
     * write-back ends: the connector reads no further meanwhile. The record is acknowledged later, when it ended.
     */
    public Uni<Void> accept(IncomingKafkaRecord<String, byte[]> record) {
        WriteBack writeBack;
        try {
            writeBack = WriteBack.fromJson(record.getPayload() == null ? new byte[0] : record.getPayload());
        } catch (IllegalArgumentException unreadable) {
            Log.warnf("dead-lettering unreadable write-back %s:%d@%d: %s", record.getTopic(), record.getPartition(),
                    record.getOffset(), unreadable.getMessage());
            return deadLetters.send(record, unreadable)
                    .invoke(() -> metrics.ended("unknown", WriteBackStatus.DEAD_LETTERED, null))
                    .chain(() -> Uni.createFrom().completionStage(record.ack()));
        }
        if (stopping) {
            // left unacknowledged: the partition's next owner reads it again
            return Uni.createFrom().voidItem();
        }
        queue.add(new Job(record, writeBack));
        return room();
    }

    private Uni<Void> room() {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (queue.hasRoom()) {
                    emitter.complete(null);
                } else {
                    waitingForRoom = emitter;
                }
            }
        });
    }

    private void roomMayHaveFreed() {
        UniEmitter<? super Void> waiting;
        synchronized (this) {
            if (waitingForRoom == null || !queue.hasRoom()) {
                return;
            }
            waiting = waitingForRoom;
            waitingForRoom = null;
        }
        waiting.complete(null);
    }

    private void start(Job job) {
        if (stopping) {
            end(job);
            return;
        }
        job.subscription = perform(job).onCancellation().invoke(() -> end(job)).subscribe()
                .with(status -> end(job), failure -> {
                    endedAbnormally(job, failure);
                    end(job);
                });
    }

    private void endedAbnormally(Job job, Throwable failure) {
        if (stopping) {
            logged(job.writeBack, "write-back %s of %s interrupted by the shutdown (%s): left unacknowledged "
                    + "for the partition's next owner", job.writeBack.id(), job.writeBack.shop(), failure);
        } else {
            // perform() recovers every failure; reaching here is a bug: keep the write-back unacknowledged
            Log.errorf(failure, "write-back %s of %s ended abnormally; it stays unacknowledged", job.writeBack.id(),
                    job.writeBack.shop());
        }
    }

    /** Whatever the outcome (done, failed, cancelled at a hand-over): its lane may go on. Idempotent. */
    private void end(Job job) {
        job.ended.complete(null);
        queue.finished(job);
        roomMayHaveFreed();
    }

    /** The whole life of one write-back, acknowledged at its end. Never fails. */
    private Uni<WriteBackStatus> perform(Job job) {
        return attempt(job).call(() -> Uni.createFrom().completionStage(job.record.ack()));
    }

    /** Ended before (a redelivery)? Credentials? Then the action, and its end recorded. */
    private Uni<WriteBackStatus> attempt(Job job) {
        WriteBack writeBack = job.writeBack;
        return log.state(writeBack).chain(state -> {
            String ended = state.ended();
            if (ended != null && !(replayed(job) && WriteBackStatus.DEAD_LETTERED.tag().equals(ended))) {
                logged(writeBack, "write-back %s already ended (%s): acknowledged again", writeBack.id(), ended);
                return Uni.createFrom().item(WriteBackStatus.ofTag(ended));
            }
            if (!state.active()) {
                return finish(job, WriteBackStatus.CANCELLED, "the app was uninstalled from the shop", "UNINSTALLED");
            }
            return credentials.credentials(writeBack.shop()).chain(creds -> {
                if (creds == null) {
                    return finish(job, WriteBackStatus.SKIPPED, "the shop has no Admin API credentials", null);
                }
                WriteBackAction action = actions.get(writeBack.kind());
                if (action == null) {
                    return deadLetter(job, new IllegalArgumentException("unknown write-back kind " + writeBack.kind()),
                            new WriteBackFailure(WriteBackFailure.Decision.DEAD_LETTER,
                                    "unknown write-back kind " + writeBack.kind(), null));
                }
                job.attempts++;
                return Uni.createFrom().deferred(() -> action.perform(writeBack))
                        .chain(result -> finish(job, result.status(), result.detail(), null))
                        .onFailure().recoverWithUni(failure -> failed(job, failure));
            });
        }).onFailure().recoverWithUni(failure -> failed(job, failure));
    }

    private Uni<WriteBackStatus> failed(Job job, Throwable failure) {
        if (stopping) {
            return Uni.createFrom().failure(failure);
        }
        WriteBackFailure outcome = WriteBackFailure.of(failure);
        return switch (outcome.decision()) {
            case CANCEL -> finish(job, WriteBackStatus.CANCELLED, outcome.reason(), outcome.codes());
            case DEAD_LETTER -> deadLetter(job, failure, outcome);
            case RETRY -> {
                Duration wait = backoff.beforeRetry(Math.max(job.attempts, 1));
                logged(job.writeBack, "write-back %s of %s failed (%s), trying again in %d ms", job.writeBack.id(),
                        job.writeBack.shop(), outcome.reason(), wait.toMillis());
                metrics.retried(job.writeBack.kind());
                yield Delays.after(vertx, wait).chain(() -> attempt(job));
            }
        };
    }

    private Uni<WriteBackStatus> deadLetter(Job job, Throwable failure, WriteBackFailure outcome) {
        WriteBack writeBack = job.writeBack;
        logged(writeBack, "dead-lettering write-back %s (%s) of %s: %s [%s]", writeBack.id(), writeBack.kind(),
                writeBack.shop(), outcome.reason(), outcome.codes());
        Map<String, String> headers = outcome.codes() == null ? Map.of() : Map.of(SHOPIFY_CODES_HEADER, outcome.codes());
        // a dead letter Kafka does not take is sent again, never dropped: the record stays unacknowledged meanwhile
        return deadLetters.send(job.record, failure, headers)
                .onFailure().retry().withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).indefinitely()
                .chain(() -> finish(job, WriteBackStatus.DEAD_LETTERED, outcome.reason(), outcome.codes()));
    }

    private Uni<WriteBackStatus> finish(Job job, WriteBackStatus status, String detail, String codes) {
        return log.record(job.writeBack, status, job.attempts, detail, codes).invoke(() -> {
            metrics.ended(job.writeBack.kind(), status, job.writeBack.createdAt());
            if (status != WriteBackStatus.DEAD_LETTERED && Log.isDebugEnabled()) {
                logged(Logger.Level.DEBUG, job.writeBack, "write-back %s (%s) of %s: %s%s", job.writeBack.id(),
                        job.writeBack.kind(), job.writeBack.shop(), status.tag(),
                        detail == null ? "" : " (" + detail + ")");
            }
        }).replaceWith(status);
    }

    /**
     * Partitions of the write-back topic move to another instance: drop what waits on them (the new owner reads it
     * again) and wait, up to the hand-over timeout, for what is in progress on them, so the shop's two owners never
     * call Shopify at the same time. Runs on the Kafka consumer's polling thread, which Kafka expects to be held for
     * exactly this, never on an event loop.
     */
    void handOver(Collection<String> partitions) {
        int dropped = queue.dropWaiting(partitions);
        roomMayHaveFreed();
        List<Job> inProgress = queue.inProgress(partitions);
        Log.infof("write-back partitions %s handed over: %d waiting dropped, %d in progress", partitions, dropped,
                inProgress.size());
        if (inProgress.isEmpty() || Context.isOnEventLoopThread()) {
            return;
        }
        try {
            CompletableFuture.allOf(inProgress.stream().map(job -> job.ended).toArray(CompletableFuture[]::new))
                    .get(config.handoverTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // most of them wait in the shop's pacer for budget: cancelled there, they are never sent, and the new
            // owner (the record is not acknowledged) performs them
            List<Job> left = inProgress.stream().filter(job -> !job.ended.isDone()).toList();
            left.forEach(job -> {
                if (job.subscription != null) {
                    job.subscription.cancel();
                }
            });
            Log.warnf("%d write-backs in progress on %s did not end within %s: cancelled, left to the new owner "
                    + "(a call already sent may still complete; its effect is idempotent)", left.size(), partitions,
                    config.handoverTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // ended is only ever completed normally
        }
    }

    /** An operator replayed the dead letter ({@code /admin/dead-letters}): a dead-lettered end does not stop it. */
    private static boolean replayed(Job job) {
        return job.record.getHeaders().lastHeader(ReplayHeaders.REPLAYED_BY) != null;
    }

    /** Write-backs held (for tests and diagnostics). */
    public int pending() {
        return queue.size();
    }

    private static void logged(WriteBack writeBack, String format, Object... parameters) {
        logged(Logger.Level.INFO, writeBack, format, parameters);
    }

    private static void logged(Logger.Level level, WriteBack writeBack, String format, Object... parameters) {
        CorrelationId.inMdc(writeBack.correlationId(), () -> Log.logf(level, format, parameters));
    }
}
