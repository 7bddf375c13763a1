package io.shopstream.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shopstream.devservices.EmbeddedKafka;
import io.shopstream.devservices.Topics;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * A real in-JVM KRaft broker (Apache Kafka 4.1, as the application's clients) for {@code @QuarkusTest}s, with
 * every topic of the application ({@link Topics}) created up front as a deployment would, and a
 * {@link KafkaCompanion} to read and write them.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final int PARTITIONS = 3;

    private EmbeddedKafka kafka;
    private KafkaCompanion companion;

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.start(0, PARTITIONS);
        companion = new KafkaCompanion(kafka.bootstrapServers());
        kafka.createTopics(Topics.all(), PARTITIONS);
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(companion,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
