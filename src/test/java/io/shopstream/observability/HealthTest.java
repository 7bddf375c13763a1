package io.shopstream.observability;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.PostgresServer;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class HealthTest {

    private static final String KAFKA = "SmallRye Reactive Messaging - readiness check";
    private static final String DATABASE = "Reactive PostgreSQL connections health check";
    private static final String CONSUMERS = "Shopstream consumers";

    PostgresServer postgres;

    @AfterEach
    void databaseBack() {
        postgres.start();
        // the pools reconnect by themselves; the next test (or class) starts from a ready application
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void readinessCoversKafkaChannelsTheDatabaseAndTheConsumers() {
        JsonPath ready = get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getList("checks.name", String.class)).contains(KAFKA, DATABASE, CONSUMERS);
        Map<String, String> channels = ready.getMap("checks.find { it.name == '" + KAFKA + "' }.data");
        assertThat(channels).containsKeys("raw-webhooks", "inventory-in", "products-in", "dead-letters",
                "enriched-events");
        // orders-in runs concurrent consumers: orders-in$1, orders-in$2
        assertThat(channels.keySet()).anyMatch(channel -> channel.startsWith("orders-in$"));
        assertThat(channels.values()).allMatch(state -> state.startsWith("[OK]"));
    }

    @Test
    void livenessAndStartupAnswerWithoutTheDatabase() {
        postgres.stop();
        get("/q/health/live").then().statusCode(200);
        get("/q/health/started").then().statusCode(200)
                .body("checks.name", hasItems("SmallRye Reactive Messaging - startup check"));
    }

    @Test
    void readinessGoesDownWithTheDatabaseAndComesBackWithIt() {
        postgres.stop();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath down = get("/q/health/ready").then().statusCode(503).extract().jsonPath();
            assertThat(check(down, DATABASE)).containsEntry("status", "DOWN");
            assertThat(check(down, KAFKA)).containsEntry("status", "UP");
        });

        postgres.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get("/q/health/ready").then().statusCode(200));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> check(JsonPath health, String name) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health.prettify()));
    }
}
