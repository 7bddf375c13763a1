package io.shopstream.writeback;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Channel "writebacks-in" reads {@link WriteBacks#TOPIC} (consumer group {@code shopstream-writebacks}). Kafka gives
 * each shop's partition to one instance at a time, so that instance alone paces the shop's calls; the rebalance
 * listener hands a partition over cleanly ({@link WriteBackEngine#handOver}).
 */
@ApplicationScoped
@Identifier(WriteBackConsumer.REBALANCE_LISTENER)
public class WriteBackConsumer implements KafkaConsumerRebalanceListener {

    public static final String CHANNEL = "writebacks-in";
    public static final String REBALANCE_LISTENER = "writeback-handover";

    private final WriteBackEngine engine;

    public WriteBackConsumer(WriteBackEngine engine) {
        this.engine = engine;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecord<String, byte[]> record) {
        return engine.accept((IncomingKafkaRecord<String, byte[]>) record);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        engine.handOver(names(partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        engine.handOver(names(partitions));
    }

    private static List<String> names(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).toList();
    }
}
