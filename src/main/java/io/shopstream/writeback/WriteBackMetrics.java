package io.shopstream.writeback;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Write-back meters: {@code shopstream_writeback_queue_depth} (held by this instance: waiting or in progress;
 * what is not read yet shows as the consumer lag of group {@code shopstream-writebacks}),
 * {@code shopstream_writeback_oldest_age_seconds} (since the oldest held one was recorded),
 * {@code shopstream_writebacks_total{kind,status}}, {@code shopstream_writeback_latency_seconds{kind}} (recorded to
 * ended) and {@code shopstream_writeback_retries_total{kind}}.
 */
@ApplicationScoped
public class WriteBackMetrics {

    private final MeterRegistry registry;

    public WriteBackMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(WriteBackQueue<?> queue) {
        Gauge.builder("shopstream.writeback.queue.depth", queue, WriteBackQueue::size)
                .description("Write-backs held by this instance: waiting for their shop or entity, or in progress")
                .register(registry);
        Gauge.builder("shopstream.writeback.oldest.age", queue, WriteBackMetrics::oldestAgeSeconds)
                .description("Seconds since the oldest write-back held by this instance was recorded")
                .baseUnit("seconds")
                .register(registry);
    }

    private static double oldestAgeSeconds(WriteBackQueue<?> queue) {
        Instant oldest = queue.oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /** Every series of the known kinds exists from the start (at 0), so dashboards and alerts see them. */
    void register(Collection<String> kinds) {
        for (String kind : kinds) {
            for (WriteBackStatus status : WriteBackStatus.values()) {
                ended(kind, status);
            }
            latency(kind);
        }
    }

    void ended(String kind, WriteBackStatus status, Instant createdAt) {
        ended(kind, status).increment();
        if (createdAt != null) {
            latency(kind).record(Duration.between(createdAt, Instant.now()));
        }
    }

    private Counter ended(String kind, WriteBackStatus status) {
        return Counter.builder("shopstream.writebacks").description("Write-backs ended, by kind and status")
                .tag("kind", kind).tag("status", status.tag()).register(registry);
    }

    private Timer latency(String kind) {
        return Timer.builder("shopstream.writeback.latency")
                .description("From a write-back's recording (with the change that caused it) to its end")
                .tag("kind", kind).publishPercentileHistogram().register(registry);
    }

    void retried(String kind) {
        Counter.builder("shopstream.writeback.retries")
                .description("Write-backs tried again after a local, passing failure (the database)")
                .tag("kind", kind).register(registry).increment();
    }
}
