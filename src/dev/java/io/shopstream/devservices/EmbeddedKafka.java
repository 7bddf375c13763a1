package io.shopstream.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft Kafka broker inside this JVM, for {@code quarkus:dev}, the tests and the local stack
 * ({@link LocalStack}, a broker JVM of its own). Its limits match what Shopstream's producer sends (webhook bodies
 * above 1 MB). The broker classes are {@code provided} dependencies: on the dev and test class paths, never in the
 * packaged application.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Above the producer's max.request.size (16 MiB) so that no accepted webhook is refused by the broker. */
    public static final int MAX_MESSAGE_BYTES = 17 * 1024 * 1024;

    private final EmbeddedKafkaBroker broker;
    private final int port;

    private EmbeddedKafka(EmbeddedKafkaBroker broker, int port) {
        this.broker = broker;
        this.port = port;
    }

    /** Starts a broker on {@code port}, or on a free port when it is 0. */
    public static EmbeddedKafka start(int port, int partitions) {
        int listenPort = port > 0 ? port : freePort();
        return new EmbeddedKafka(configured(partitions, null).withKafkaPort(listenPort).start(), listenPort);
    }

    /**
     * Starts a broker on fixed ports whose data lives in {@code dataDirectory}: formatted when empty, reused (with its
     * topics and records) when it holds the data of an earlier start, kept on {@link #close()}.
     */
    public static EmbeddedKafka startKeepingData(int port, int controllerPort, int partitions, Path dataDirectory) {
        EmbeddedKafkaBroker broker = configured(partitions, dataDirectory.toAbsolutePath())
                .withKafkaPort(port)
                .withControllerPort(controllerPort);
        String clusterId = clusterId(dataDirectory);
        if (clusterId != null) {
            broker.withClusterId(clusterId);
        }
        return new EmbeddedKafka(broker.start(), port);
    }

    /**
     * Starts a broker on a free port that tells its clients to connect to {@code advertisedPort} instead, where a
     * test puts a proxy in front of it.
     */
    public static EmbeddedKafka startBehind(int advertisedPort, int partitions) {
        int listenPort = freePort();
        EmbeddedKafkaBroker broker = configured(partitions, null)
                .withKafkaPort(listenPort)
                .withAdvertisedListeners(EmbeddedKafkaBroker.endpoint(SecurityProtocol.PLAINTEXT, "localhost",
                        advertisedPort));
        return new EmbeddedKafka(broker.start(), listenPort);
    }

    /** The broker settings every embedded broker shares; data in a temporary directory when {@code logDir} is null. */
    private static EmbeddedKafkaBroker configured(int partitions, Path logDir) {
        return new EmbeddedKafkaBroker()
                .withDeleteLogDirsOnClose(logDir == null)
                .withAdditionalProperties(props -> {
                    if (logDir != null) {
                        props.put("log.dir", logDir.toString());
                    }
                    props.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
                    props.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
                    props.put("num.partitions", String.valueOf(partitions));
                    props.put("auto.create.topics.enable", "true");
                    props.put("group.initial.rebalance.delay.ms", "0");
                });
    }

    /** The cluster id a formatted data directory carries, or null. */
    private static String clusterId(Path dataDirectory) {
        Path meta = dataDirectory.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("cluster.id");
    }

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions, as a deployment would. */
    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port))) {
            var results = admin.createTopics(topics.stream()
                    .map(topic -> new NewTopic(topic, partitions, (short) 1)).toList()).values();
            for (var result : results.values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topics " + topics, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The port the broker listens on (which, behind a proxy, is not the one it advertises). */
    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return broker.getAdvertisedListeners();
    }

    /** Whether something already accepts connections on localhost:port (a broker from an earlier dev reload). */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException nothingThere) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
