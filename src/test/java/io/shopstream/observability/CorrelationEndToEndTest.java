package io.shopstream.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shopstream.devservices.simulator.ShopifySimulator;
import io.shopstream.ingest.WebhookAccessLog;
import io.shopstream.orders.EnrichedOrderEvent;
import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.processing.DeliveryProcessor;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.LogCapture;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.ShopifySimulatorResource;
import io.shopstream.testing.Signatures;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.TopicRecorder;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Issue #6: one webhook followed end to end, its correlation ID found at every step: the HTTP response, the access
 * log, the raw Kafka record, the consumer's log lines, the enriched event, the dead letter (of a poison one), and the
 * Admin API request made on its behalf.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ShopifySimulatorResource.class, scope = TestResourceScope.GLOBAL)
class CorrelationEndToEndTest {

    private static final String RAW = "shopify.orders.v1";
    private static final String DLQ = "shopify.orders.v1.dlq";
    private static final String ORDER = "gid://shopify/Order/6123456789012";
    private static final String ADMIN = "shopstream-test-admin-token";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ShopifyAdminClient client;

    ShopifySimulator simulator;

    @Test
    void oneWebhookCarriesItsCorrelationIdThroughEveryStep() {
        String shop = RawRecords.newShop();
        SignedSample order = SignedSample.load("orders-create.json")
                .forShop(shop)
                .withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
        byte[] poisonBody = "{\"id\": 42, \"line_items\": \"not an array\"}".getBytes(StandardCharsets.UTF_8);
        SignedSample poison = order.withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .withHeader("X-Shopify-Event-Id", UUID.randomUUID().toString())
                .withBody(poisonBody, Signatures.sign(poisonBody, SignedSample.SECRET));

        Logger consumerLogger = Logger.getLogger(DeliveryProcessor.class.getName());
        Level consumerLevel = consumerLogger.getLevel();
        consumerLogger.setLevel(Level.FINE);
        try (TopicRecorder records = TopicRecorder.start(kafka, Set.of(RAW, DLQ, EnrichedOrderEvent.TOPIC));
                LogCapture accessLog = LogCapture.of(WebhookAccessLog.class);
                LogCapture consumerLog = LogCapture.of(DeliveryProcessor.class)) {
            // 1. the HTTP response
            String id = Webhooks.send(order).then().statusCode(200).extract().header("X-Correlation-Id");
            String poisonId = Webhooks.send(poison).then().statusCode(200).extract().header("X-Correlation-Id");
            assertThat(id).isNotBlank().isNotEqualTo(poisonId);
            assertThat(poisonId).isNotBlank();

            // 2. the access log line
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(accessLog.lines())
                    .filteredOn(line -> id.equals(line.correlationId())).singleElement()
                    .satisfies(line -> assertThat(line.message()).contains("correlation_id=" + id, shop)));

            // 3. the raw record's header
            ConsumerRecord<String, byte[]> raw = await().atMost(Duration.ofSeconds(15))
                    .until(() -> onTopic(records.withCorrelationId(id), RAW), found -> found != null);
            assertThat(raw.key()).isEqualTo(shop);

            // 4. the consumer's log line, with the ID in its MDC
            Ledger.awaitProcessed(shop, 1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consumerLog.lines())
                    .filteredOn(line -> id.equals(line.correlationId()))
                    .anySatisfy(line -> assertThat(line.message()).contains("outcome=applied")));

            // 5. the enriched event's header
            ConsumerRecord<String, byte[]> enriched = await().atMost(Duration.ofSeconds(20))
                    .until(() -> onTopic(records.withCorrelationId(id), EnrichedOrderEvent.TOPIC),
                            found -> found != null);
            assertThat(enriched.key()).isEqualTo(shop);

            // 6. the poison one's dead letter keeps the ID it was given at ingest
            ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(20))
                    .until(() -> onTopic(records.withCorrelationId(poisonId), DLQ), found -> found != null);
            assertThat(TopicRecorder.header(deadLetter, "dead-letter-topic")).isEqualTo(RAW);
            assertThat(consumerLog.lines()).filteredOn(line -> poisonId.equals(line.correlationId()))
                    .anySatisfy(line -> assertThat(line.message()).contains("dead-lettering"));
            assertThat(records.withCorrelationId(poisonId)).noneMatch(r -> r.topic().equals(EnrichedOrderEvent.TOPIC));

            // 7. an Admin API call made on the webhook's behalf
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("accessToken", "shpat_correlation_test", "plan", "standard"))
                    .when().put("/admin/shops/" + shop + "/credentials").then().statusCode(200);
            simulator.shop(shop).accessToken("shpat_correlation_test")
                    .order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()));
            client.graphql(shop, GraphQlOperation.mutation("AddTags",
                    "mutation AddTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } "
                            + "userErrors { field message } } }",
                    new JsonObject().put("id", ORDER).put("tags", new JsonArray(List.of("followed")))), id)
                    .await().atMost(Duration.ofSeconds(10));
            assertThat(simulator.requests(shop)).singleElement()
                    .satisfies(request -> assertThat(request.correlationId()).isEqualTo(id));
        } finally {
            consumerLogger.setLevel(consumerLevel);
        }
    }

    private static ConsumerRecord<String, byte[]> onTopic(List<ConsumerRecord<String, byte[]>> found, String topic) {
        return found.stream().filter(r -> r.topic().equals(topic)).findFirst().orElse(null);
    }
}
