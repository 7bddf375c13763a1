package io.shopstream.processing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shopstream.deadletters.DeadLetterReason;

/**
 * What the consumers did, per raw topic (each consumer group reads one): deliveries by outcome after their
 * transaction committed, dead letters by reason, and how long the batch in hand has been running. Meters are
 * built once per topic; topics and outcomes are bounded sets.
 */
@ApplicationScoped
public class DeliveryMetrics {

    public static final String PROCESSED = "shopstream.deliveries.processed";
    public static final String DEAD_LETTERED = "shopstream.deliveries.dead.lettered";
    public static final String BATCH_AGE = "shopstream.consumer.batch.age";

    private final MeterRegistry registry;
    private final Map<String, PerTopic> topics = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A committed transaction: {@code outcomes} are those of the claimed deliveries, {@code forged} were refused,
     * the rest were duplicates.
     */
    void committed(List<Delivery> deliveries, List<Outcome> outcomes, int forged) {
        if (deliveries.isEmpty()) {
            return;
        }
        PerTopic topic = of(deliveries.get(0).kafkaTopic());
        for (Outcome outcome : outcomes) {
            topic.processed[outcome.ordinal()].increment();
        }
        topic.processed[Outcome.FORGED.ordinal()].increment(forged);
        topic.processed[Outcome.DUPLICATE.ordinal()].increment(deliveries.size() - outcomes.size() - forged);
    }

    void deadLettered(String kafkaTopic, DeadLetterReason reason) {
        of(kafkaTopic).deadLettered[reason.ordinal()].increment();
    }

    /**
     * A consumer took a batch of the topic; returns the batch's token for {@link #batchFinished}. A topic can have
     * several consumers in one instance (concurrency), each with a batch in hand.
     */
    public Object batchStarted(String kafkaTopic) {
        Object batch = new Object();
        of(kafkaTopic).inFlight.put(batch, System.currentTimeMillis());
        return batch;
    }

    public void batchFinished(String kafkaTopic, Object batch) {
        of(kafkaTopic).inFlight.remove(batch);
    }

    /** Per topic, how long its oldest batch in hand has been, in milliseconds (0: none). */
    public Map<String, Long> batchAges() {
        long now = System.currentTimeMillis();
        Map<String, Long> ages = new java.util.TreeMap<>();
        topics.forEach((topic, meters) -> ages.put(topic, meters.ageMillis(now)));
        return ages;
    }

    private PerTopic of(String kafkaTopic) {
        return topics.computeIfAbsent(kafkaTopic, topic -> new PerTopic(registry, topic));
    }

    private static final class PerTopic {
        final Counter[] processed = new Counter[Outcome.values().length];
        final Counter[] deadLettered = new Counter[DeadLetterReason.values().length];
        final Map<Object, Long> inFlight = new ConcurrentHashMap<>();

        PerTopic(MeterRegistry registry, String topic) {
            for (Outcome outcome : Outcome.values()) {
                processed[outcome.ordinal()] = Counter.builder(PROCESSED)
                        .description("Deliveries read from a raw topic, by outcome (applied, recorded, stale,"
                                + " duplicate, forged), counted once their transaction committed")
                        .tags("topic", topic, "outcome", outcome.column())
                        .register(registry);
            }
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                deadLettered[reason.ordinal()] = Counter.builder(DEAD_LETTERED)
                        .description("Records sent to <topic>.dlq, by reason")
                        .tags("topic", topic, "reason", reason.tag())
                        .register(registry);
            }
            Gauge.builder(BATCH_AGE, this, meters -> meters.ageMillis(System.currentTimeMillis()) / 1000.0)
                    .description("How long the topic's oldest batch has been in hand (0: none); grows while a"
                            + " consumer retries a database outage")
                    .baseUnit("seconds")
                    .tag("topic", topic)
                    .register(registry);
        }

        long ageMillis(long now) {
            long oldest = inFlight.values().stream().mapToLong(Long::longValue).min().orElse(0);
            // at least 1 while a batch is in hand: 0 means idle
            return oldest == 0 ? 0 : Math.max(1, now - oldest);
        }
    }
}
