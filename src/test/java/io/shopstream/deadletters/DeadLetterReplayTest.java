package io.shopstream.deadletters;

import static io.restassured.RestAssured.given;
import static io.shopstream.testing.TopicRecorder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.shopstream.orders.EnrichedOrderEvent;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Sql;
import io.shopstream.testing.TopicRecorder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Replaying dead letters to their origin topic: applied once, audited, and a second replay changes nothing. The dead
 * letters are written as {@code DeadLetters} writes them, for valid records whose failure was environmental (now
 * gone), which is what replay is for.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterReplayTest {

    static final String TOKEN = "shopstream-test-admin-token";
    static final String ORDERS_DLQ = "shopify.orders.v1.dlq";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private TopicRecorder origin;
    private TopicRecorder enriched;
    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        origin = TopicRecorder.start(kafka, Set.of("shopify.orders.v1"));
        enriched = TopicRecorder.start(kafka, Set.of(EnrichedOrderEvent.TOPIC));
    }

    @AfterEach
    void tearDown() {
        origin.close();
        enriched.close();
    }

    @Test
    void replayAppliesTheRecordOnceAndAnotherReplayHasNoFurtherEffect() {
        RawRecords.Builder order = RawRecords.of("orders-create.json", shop);
        DeadLetterRecords.send(kafka, order.build(), "database refused the row", 7L);
        awaitListed(1);

        JsonPath dryRun = replay(Map.of("shop", shop, "dryRun", true)).statusCode(200).extract().jsonPath();
        assertThat(dryRun.getBoolean("dryRun")).isTrue();
        assertThat(dryRun.getList("replayed.webhookId")).containsExactly(order.webhookId());
        assertThat(Sql.scalar("SELECT count(*) FROM dead_letter_replays WHERE shop_domain = ?", shop)).isEqualTo(0L);
        assertThat(origin.withKey(shop)).isEmpty();

        JsonPath first = replay(Map.of("shop", shop)).statusCode(200).extract().jsonPath();
        assertThat(first.getList("replayed.webhookId")).containsExactly(order.webhookId());
        Ledger.awaitProcessed(shop, 1);
        assertThat(Ledger.outcome(shop, order.webhookId())).isEqualTo("applied");
        assertThat(Sql.scalar("SELECT count(*) FROM orders WHERE shop_domain = ?", shop)).isEqualTo(1L);

        ConsumerRecord<String, byte[]> replayed = origin.withKey(shop).get(0);
        assertThat(replayed.value()).isEqualTo(order.build().value());
        assertThat(header(replayed, "shopstream-correlation-id")).isEqualTo(order.correlationId());
        assertThat(header(replayed, "shopify-webhook-id")).isEqualTo(order.webhookId());
        assertThat(header(replayed, ReplayHeaders.REPLAYED_BY)).isEqualTo("test-operator");
        assertThat(header(replayed, ReplayHeaders.REPLAYED_AT)).isNotBlank();
        assertThat(replayed.headers()).noneMatch(h -> h.key().startsWith("dead-letter-"));

        Map<String, Object> audit = Sql.query("SELECT * FROM dead_letter_replays WHERE shop_domain = ?", shop).get(0);
        assertThat(audit).containsEntry("operator", "test-operator").containsEntry("dlq_topic", ORDERS_DLQ)
                .containsEntry("origin_topic", "shopify.orders.v1").containsEntry("webhook_id", order.webhookId())
                .containsEntry("correlation_id", order.correlationId())
                .containsEntry("reason", "database refused the row").containsEntry("forced", false);

        JsonPath again = replay(Map.of("shop", shop)).statusCode(200).extract().jsonPath();
        assertThat(again.getList("replayed")).isEmpty();
        assertThat(again.getList("skipped.replayedBy")).containsExactly("test-operator");

        replay(Map.of("shop", shop, "force", true)).statusCode(200);
        // a later delivery of the same shop (same partition) is processed after the forced replay
        RawRecords.Builder later = RawRecords.of("orders-updated.json", shop);
        RawRecords.send(kafka, later.build());
        Ledger.awaitProcessed(shop, 2);
        assertThat(origin.withKey(shop)).hasSize(3);
        assertThat(Ledger.processed(shop)).isEqualTo(2);
        assertThat(Ledger.outcome(shop, order.webhookId())).isEqualTo("applied");
        assertThat(Sql.scalar("SELECT count(*) FROM orders WHERE shop_domain = ?", shop)).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(later.webhookId()).isEmpty());
        assertThat(eventsOf(order.webhookId())).hasSize(1);
        assertThat(Sql.scalar("SELECT count(*) FROM dead_letter_replays WHERE shop_domain = ? AND forced", shop))
                .isEqualTo(1L);
    }

    @Test
    void explicitRecordsAreReplayedAndAnUnknownOneRefusesTheWholeReplay() {
        DeadLetterRecords.send(kafka, RawRecords.of("orders-create.json", shop).build(), "timeout", 1L);
        DeadLetterRecords.send(kafka, RawRecords.of("orders-paid.json", shop).build(), "timeout", 2L);
        JsonPath listed = awaitListed(2);
        int partition = listed.getInt("deadLetters[1].partition");
        long offset = listed.getLong("deadLetters[1].offset");

        replay(Map.of("records", List.of(Map.of("topic", ORDERS_DLQ, "partition", partition, "offset", offset),
                Map.of("topic", ORDERS_DLQ, "partition", partition, "offset", 1_000_000L))))
                .statusCode(404).contentType("application/problem+json");
        assertThat(origin.withKey(shop)).isEmpty();

        JsonPath replayed = replay(Map.of("records",
                List.of(Map.of("topic", ORDERS_DLQ, "partition", partition, "offset", offset))))
                .statusCode(200).extract().jsonPath();
        assertThat(replayed.getList("replayed.offset", Long.class)).containsExactly(offset);
        await().atMost(Duration.ofSeconds(15)).until(() -> origin.withKey(shop).size() == 1);
        assertThat(header(origin.withKey(shop).get(0), "shopify-topic")).isEqualTo("orders/paid");
    }

    @Test
    void aReplayWithoutAnySelectionIsRefused() {
        replay(Map.of()).statusCode(400).contentType("application/problem+json");
        replay(Map.of("from", "yesterday")).statusCode(400);
        replay(Map.of("records", List.of(Map.of("topic", "shopify.orders.v1", "partition", 0, "offset", 0))))
                .statusCode(400);
    }

    private JsonPath awaitListed(int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> list().getList("deadLetters").size() == count);
        return list();
    }

    private JsonPath list() {
        return given().auth().oauth2(TOKEN).queryParam("shop", shop).get("/admin/dead-letters")
                .then().statusCode(200).extract().jsonPath();
    }

    private io.restassured.response.ValidatableResponse replay(Map<String, Object> body) {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body(body)
                .post("/admin/dead-letters/replay").then();
    }

    private List<ConsumerRecord<String, byte[]>> eventsOf(String webhookId) {
        return enriched.withKey(shop).stream()
                .filter(r -> (webhookId + "/order-enriched").equals(header(r, "ce_id"))).toList();
    }
}
