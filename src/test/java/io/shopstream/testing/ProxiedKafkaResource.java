package io.shopstream.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shopstream.devservices.EmbeddedKafka;
import io.shopstream.devservices.Topics;
import io.shopstream.ingest.WebhookPublisher;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * A broker of its own that the application reaches only through a {@link TcpProxy}, so a test can make Kafka stop
 * answering. The broker advertises the proxy's address, so every connection the producer opens goes through it.
 * The test's own {@link KafkaCompanion} talks to the broker directly.
 */
public class ProxiedKafkaResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafka kafka;
    private TcpProxy proxy;
    private KafkaCompanion companion;

    @Override
    public Map<String, String> start() {
        int proxyPort = TcpProxy.freePort();
        kafka = EmbeddedKafka.startBehind(proxyPort, KafkaBrokerResource.PARTITIONS);
        proxy = TcpProxy.start(proxyPort, kafka.port());
        companion = new KafkaCompanion("localhost:" + kafka.port());
        // as a deployment would: a first publish then needs no topic creation, which can outlast the publish timeout
        kafka.createTopics(Topics.all(), KafkaBrokerResource.PARTITIONS);
        return Map.of("mp.messaging.outgoing." + WebhookPublisher.CHANNEL + ".bootstrap.servers",
                "localhost:" + proxyPort);
    }

    /** What a test gets injected: the proxy to freeze, and a companion that bypasses it. */
    public record ProxiedKafka(TcpProxy proxy, KafkaCompanion companion) {
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new ProxiedKafka(proxy, companion),
                new TestInjector.MatchesType(ProxiedKafka.class));
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
