package io.shopstream.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.apache.kafka.common.security.auth.SecurityProtocol;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node KRaft Kafka broker inside this JVM, for {@code quarkus:dev} and the tests. Its limits match
 * what Shopstream's producer sends (webhook bodies above 1 MB). The broker classes are {@code provided}
 * dependencies: on the dev and test class paths, never in the packaged application.
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
        return new EmbeddedKafka(configured(partitions).withKafkaPort(listenPort).start(), listenPort);
    }

    /**
     * Starts a broker on a free port that tells its clients to connect to {@code advertisedPort} instead, where a
     * test puts a proxy in front of it.
     */
    public static EmbeddedKafka startBehind(int advertisedPort, int partitions) {
        int listenPort = freePort();
        EmbeddedKafkaBroker broker = configured(partitions)
                .withKafkaPort(listenPort)
                .withAdvertisedListeners(EmbeddedKafkaBroker.endpoint(SecurityProtocol.PLAINTEXT, "localhost",
                        advertisedPort));
        return new EmbeddedKafka(broker.start(), listenPort);
    }

    private static EmbeddedKafkaBroker configured(int partitions) {
        return new EmbeddedKafkaBroker()
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    props.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
                    props.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
                    props.put("num.partitions", String.valueOf(partitions));
                    props.put("auto.create.topics.enable", "true");
                    props.put("group.initial.rebalance.delay.ms", "0");
                });
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
