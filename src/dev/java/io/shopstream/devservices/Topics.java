package io.shopstream.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.shopstream.compliance.ComplianceEvent;
import io.shopstream.deadletters.DeadLetters;
import io.shopstream.ingest.TopicRouter;
import io.shopstream.inventory.InventoryChangeEvent;
import io.shopstream.orders.EnrichedOrderEvent;
import io.shopstream.writeback.WriteBacks;

/**
 * Every Kafka topic Shopstream reads or writes, as a deployment creates them: the raw topics of the topic router
 * (events and quarantine included), the consumers' dead-letter topics (from {@code application.properties}), the
 * event topics and the write-back queue with its dead-letter topic. The one list of dev mode, the tests' brokers
 * and the local stack; {@code KustomizeTest} holds the Kubernetes topics to it.
 */
public final class Topics {

    private static final String DEAD_LETTER_KEY = ".dead-letter-queue.topic";

    private Topics() {
    }

    public static Set<String> all() {
        Set<String> topics = new TreeSet<>(TopicRouter.withDefaults().kafkaTopics());
        topics.addAll(deadLetterTopics());
        topics.addAll(List.of(EnrichedOrderEvent.TOPIC, InventoryChangeEvent.TOPIC, ComplianceEvent.TOPIC,
                WriteBacks.TOPIC, WriteBacks.TOPIC + DeadLetters.SUFFIX));
        return topics;
    }

    /** The values of {@code mp.messaging.incoming.*.dead-letter-queue.topic} outside any profile. */
    public static Set<String> deadLetterTopics() {
        Properties properties = new Properties();
        try (InputStream in = Topics.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> topics = new TreeSet<>();
        properties.forEach((key, value) -> {
            if (key.toString().startsWith("mp.messaging.incoming.") && key.toString().endsWith(DEAD_LETTER_KEY)) {
                topics.add(value.toString().trim());
            }
        });
        return topics;
    }
}
