package io.shopstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import io.shopstream.devservices.Topics;
import io.shopstream.testing.Ports;
import io.shopstream.testing.SignedSample;

/**
 * {@code deploy/local-stack.sh} as an operator (or CI) runs it, on ports of its own: a Kafka broker process with
 * every topic of the application, PostgreSQL and the packaged application start, a signed webhook becomes a row in
 * PostgreSQL, and {@code stop} leaves no process and no listening port behind. Runs after {@code package}
 * (failsafe), on the packaged jar.
 */
class LocalStackIT {

    private static final Path SCRIPT = Path.of("deploy", "local-stack.sh");
    private static final Path STACK_DIR = Path.of("target", "local-stack-it").toAbsolutePath();

    private final int kafkaPort = Ports.free();
    private final int controllerPort = Ports.free();
    private final int postgresPort = Ports.free();
    private final int appPort = Ports.free();
    private final int managementPort = Ports.free();

    @Test
    void startsServesASignedWebhookAndStopsCleanly() throws Exception {
        List<Long> pids = new ArrayList<>();
        try {
            stack("start", "--fresh").requireSuccess();
            stack("run-app").requireSuccess();
            pids.add(pid("kafka/kafka.pid"));
            pids.add(pid("postgres/postgres.pid"));
            pids.add(pid("app/app.pid"));
            assertThat(stack("status").requireSuccess().stdout())
                    .contains("kafka: running", "postgres: running", "app: running");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + kafkaPort))) {
                assertThat(admin.listTopics().names().get()).containsAll(Topics.all());
            }

            String webhookId = UUID.randomUUID().toString();
            SignedSample sample = SignedSample.load("orders-create.json").withHeader("X-Shopify-Webhook-Id", webhookId);
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + appPort + "/webhooks/shopify"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sample.body())).timeout(Duration.ofSeconds(10));
            sample.headers().forEach(request::header);
            // as Shopify does: a 503 (Kafka's first acknowledgement can be slow on a busy machine) is retried
            HttpClient client = HttpClient.newHttpClient();
            AtomicInteger status = new AtomicInteger();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                status.set(client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                return status.get() != 503;
            });
            assertThat(status.get()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "applied".equals(outcome(webhookId)));
        } finally {
            ExternalCommand.Result stopped = stack("stop");
            assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as("process %d", pid).isNotEqualTo(java.util.Optional.of(true)));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(line -> line.contains(STACK_DIR.toString())).orElse(false)).toList())
                .as("processes still using the stack's directory").isEmpty();
        for (int port : List.of(kafkaPort, controllerPort, postgresPort, appPort, managementPort)) {
            assertThat(Ports.listening(port)).as("127.0.0.1:%d still listening", port).isFalse();
        }
        assertThat(stack("status").requireSuccess().stdout())
                .contains("kafka: stopped", "postgres: stopped", "app: stopped");
    }

    private ExternalCommand.Result stack(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        return ExternalCommand.run(command, this::environment, Duration.ofSeconds(150));
    }

    private void environment(Map<String, String> env) {
        env.put("SHOPSTREAM_STACK_DIR", STACK_DIR.toString());
        env.put("KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort));
        env.put("KAFKA_PARTITIONS", "1");
        env.put("KAFKA_HEAP_OPTS", "-Xms128m -Xmx384m");
        env.put("POSTGRES_PORT", String.valueOf(postgresPort));
        env.put("APP_PORT", String.valueOf(appPort));
        env.put("APP_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("APP_HEAP_OPTS", "-Xmx384m");
        env.put("APP_START_TIMEOUT", "120");
        env.put("STOP_TIMEOUT", "20");
    }

    private String outcome(String webhookId) {
        String url = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/shopstream";
        try (Connection connection = DriverManager.getConnection(url, "shopstream", "shopstream");
                PreparedStatement query = connection.prepareStatement(
                        "SELECT outcome FROM processed_deliveries WHERE webhook_id = ?")) {
            query.setString(1, webhookId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private static long pid(String file) throws IOException {
        return Long.parseLong(Files.readString(STACK_DIR.resolve(file)).trim());
    }
}
