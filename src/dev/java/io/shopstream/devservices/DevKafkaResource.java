package io.shopstream.devservices;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.common.annotation.Blocking;

/**
 * Dev mode only: {@code GET /dev/kafka/{topic}?last=N} shows the newest records of a topic with their headers, so
 * a developer can see what a webhook became without installing Kafka's tools. Not part of the packaged service.
 */
@IfBuildProfile("dev")
@Path("/dev/kafka/{topic}")
public class DevKafkaResource {

    private static final Duration POLL = Duration.ofMillis(500);

    private final String bootstrapServers;

    public DevKafkaResource(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public record RecordView(String topic, int partition, long offset, Instant timestamp, String key,
            Map<String, String> headers, String value) {
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public List<RecordView> latest(@PathParam("topic") String topic, @QueryParam("last") @DefaultValue("1") int last) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, POLL);
            if (partitions == null || partitions.isEmpty()) {
                throw new NotFoundException("no topic " + topic);
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, POLL);
            ends.forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - last)));
            List<RecordView> records = new ArrayList<>();
            long wanted = ends.values().stream().mapToLong(end -> Math.min(end, last)).sum();
            for (int polls = 0; records.size() < wanted && polls < 10; polls++) {
                consumer.poll(POLL).forEach(r -> records.add(view(r)));
            }
            return records.stream().sorted(Comparator.comparing(RecordView::timestamp).reversed()).limit(last).toList();
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static RecordView view(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        String value = new String(record.value(), StandardCharsets.UTF_8);
        return new RecordView(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), headers,
                value.length() > 2_000 ? value.substring(0, 2_000) + "…" : value);
    }
}
