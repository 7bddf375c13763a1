package io.shopstream.devservices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The services of {@code deploy/local-stack.sh}, one JVM each, with dev mode's own code ({@link EmbeddedKafka},
 * {@link EmbeddedPostgres}, {@link Topics}). A service runs in the foreground until the process is stopped
 * (SIGTERM or SIGINT: the broker shuts down, PostgreSQL stops with a fast shutdown); its data stays in the given
 * directory. It prints {@value #READY} once clients can connect.
 *
 * <pre>
 * LocalStack kafka PORT CONTROLLER_PORT PARTITIONS DATA_DIR    broker on 127.0.0.1:PORT with every topic of Topics
 * LocalStack postgres PORT DATA_DIR PID_FILE [NAME=VALUE]...   PostgreSQL (database and user shopstream), settings
 *                                                              over dev mode's; the postmaster's pid to PID_FILE
 * LocalStack offsets BOOTSTRAP TOPIC                           end offsets, one topic:partition:offset a line
 * </pre>
 */
public final class LocalStack {

    static final String READY = "local-stack: ready";

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "kafka" -> kafka(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Path.of(args[4]));
            case "postgres" -> postgres(Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3]),
                    List.of(args).subList(4, args.length));
            case "offsets" -> offsets(args[1], args[2]);
            default -> {
                System.err.println("usage: LocalStack kafka|postgres|offsets ... (see the class comment)");
                System.exit(2);
            }
        }
    }

    private static void kafka(int port, int controllerPort, int partitions, Path data) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.startKeepingData(port, controllerPort, partitions, data);
        kafka.createTopics(Topics.all(), partitions);
        runUntilStopped(kafka, "Kafka on " + kafka.bootstrapServers() + ", topics " + Topics.all());
    }

    private static void postgres(int port, Path data, Path pidFile, List<String> settings) throws Exception {
        Map<String, String> server = new LinkedHashMap<>();
        server.put("listen_addresses", "127.0.0.1");
        // production-like durability (dev mode and the tests run with fsync off)
        server.put("fsync", "on");
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            server.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.start(port, data, server);
        Files.writeString(pidFile, Files.readAllLines(data.resolve("postmaster.pid")).get(0) + "\n");
        runUntilStopped(postgres, postgres + ", database " + EmbeddedPostgres.DATABASE + ", settings " + server);
    }

    private static void runUntilStopped(AutoCloseable service, String description) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "local-stack-stop"));
        System.out.println(READY + ": " + description);
        System.out.flush();
        stopped.await();
    }

    private static void offsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            admin.listOffsets(latest).all().get().forEach((partition, offset) -> System.out.println(
                    topic + ":" + partition.partition() + ":" + offset.offset()));
        }
    }
}
