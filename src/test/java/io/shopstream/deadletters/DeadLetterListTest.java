package io.shopstream.deadletters;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterListTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
    }

    @Test
    void listsWhatTheConsumersDeadLetteredWithReasonAndOrigin() {
        RawRecords.Builder poison = RawRecords.of("orders-create.json", shop).body("this is not JSON");
        RawRecords.Builder noId = RawRecords.of("inventory_levels-update.json", shop)
                .edit(json -> json.remove("inventory_item_id"));
        Instant before = Instant.now().minusSeconds(1);
        RawRecords.send(kafka, poison.build(), noId.build());

        await().atMost(Duration.ofSeconds(20)).until(() -> list(admin()).getList("deadLetters").size() == 2);
        JsonPath orders = list(admin().queryParam("dlqTopic", "shopify.orders.v1.dlq"));
        assertThat(orders.getList("deadLetters")).hasSize(1);
        assertThat(orders.getString("deadLetters[0].shop")).isEqualTo(shop);
        assertThat(orders.getString("deadLetters[0].shopifyTopic")).isEqualTo("orders/create");
        assertThat(orders.getString("deadLetters[0].webhookId")).isEqualTo(poison.webhookId());
        assertThat(orders.getString("deadLetters[0].correlationId")).isEqualTo(poison.correlationId());
        assertThat(orders.getString("deadLetters[0].reason")).contains("not JSON");
        assertThat(orders.getString("deadLetters[0].originTopic")).isEqualTo("shopify.orders.v1");
        assertThat(orders.getInt("deadLetters[0].originPartition")).isNotNegative();
        assertThat(orders.getLong("deadLetters[0].originOffset")).isNotNegative();
        assertThat(Instant.parse(orders.getString("deadLetters[0].deadLetteredAt"))).isAfter(before);
        assertThat(orders.getMap("deadLetters[0]")).doesNotContainKeys("value", "payload", "body");

        assertThat(list(admin().queryParam("originTopic", "shopify.inventory.v1")).getList("deadLetters.webhookId"))
                .containsExactly(noId.webhookId());
        assertThat(list(admin().queryParam("reason", "INVENTORY_ITEM_ID")).getList("deadLetters.webhookId"))
                .containsExactly(noId.webhookId());
        assertThat(list(admin().queryParam("from", Instant.now().plusSeconds(60).toString()))
                .getList("deadLetters")).isEmpty();
        assertThat(list(admin().queryParam("to", before.toString())).getList("deadLetters")).isEmpty();
        JsonPath limited = list(admin().queryParam("limit", 1));
        assertThat(limited.getList("deadLetters")).hasSize(1);
        assertThat(limited.getBoolean("truncated")).isTrue();
    }

    @Test
    void badFiltersAre400WithAProblemBody() {
        String correlationId = admin().queryParam("from", "last tuesday").get("/admin/dead-letters")
                .then().statusCode(400).contentType("application/problem+json")
                .extract().header("X-Correlation-Id");
        assertThat(correlationId).isNotBlank();
        admin().queryParam("dlqTopic", "shopify.orders.v1").get("/admin/dead-letters").then().statusCode(400);
        admin().queryParam("limit", 0).get("/admin/dead-letters").then().statusCode(400);
        admin().queryParam("limit", 100_000).get("/admin/dead-letters").then().statusCode(400);
    }

    @Test
    void requiresAnAdminToken() {
        given().get("/admin/dead-letters").then().statusCode(401);
        given().auth().oauth2("not-a-token").post("/admin/dead-letters/replay").then().statusCode(401);
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(DeadLetterReplayTest.TOKEN).queryParam("shop", shop);
    }

    private static JsonPath list(RequestSpecification request) {
        return request.get("/admin/dead-letters").then().statusCode(200).extract().jsonPath();
    }
}
