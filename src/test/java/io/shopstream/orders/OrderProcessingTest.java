package io.shopstream.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Sql;
import io.shopstream.testing.TopicRecorder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class OrderProcessingTest {

    static final long ORDER_ID = 6123456789012L;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private TopicRecorder enriched;
    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        enriched = TopicRecorder.start(kafka, Set.of(EnrichedOrderEvent.TOPIC));
    }

    @AfterEach
    void tearDown() {
        enriched.close();
    }

    private void send(RawRecords.Builder... deliveries) {
        for (RawRecords.Builder delivery : deliveries) {
            RawRecords.send(kafka, delivery.build());
        }
    }


    private Map<String, Object> order() {
        List<Map<String, Object>> rows = Sql.query("SELECT * FROM orders WHERE shop_domain = ? AND id = ?", shop,
                ORDER_ID);
        return rows.isEmpty() ? null : rows.get(0);
    }


    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "create,updated,paid", "create,paid,updated", "updated,create,paid",
            "updated,paid,create", "paid,create,updated", "paid,updated,create" })
    void createUpdatedAndPaidInAnyOrderEndInTheSameRow(String order) {
        for (String step : order.split(",")) {
            send(RawRecords.of("orders-" + step + ".json", shop));
        }
        Ledger.awaitProcessed(shop, 3);

        Map<String, Object> row = order();
        assertThat(row).containsEntry("name", "#1001").containsEntry("order_number", 1001L)
                .containsEntry("financial_status", "paid").containsEntry("currency", "USD")
                .containsEntry("customer_id", 7612345678901L)
                .containsEntry("needs_refresh", false);
        assertThat((String) row.get("tags")).contains("shopstream-synced");
        assertThat((BigDecimal) row.get("total_price")).isEqualByComparingTo("73.00");
        assertThat(row.get("updated_at").toString()).isEqualTo("2026-08-14T15:22:31Z");
        assertThat(Sql.query("SELECT sku, quantity, price FROM order_line_items WHERE shop_domain = ? ORDER BY sku",
                shop)).extracting(r -> r.get("sku") + "x" + r.get("quantity"))
                .containsExactly("BTL-750-BLK x1".replace(" ", ""), "SOCK-TR-Mx2");
    }

    @Test
    void aDuplicateDeliveryGivesOneLedgerRowAndOneEnrichedEvent() {
        RawRecords.Builder create = RawRecords.of("orders-create.json", shop);
        send(create, create);
        RawRecords.Builder sentinel = RawRecords.of("orders-updated.json", shop);
        send(sentinel);
        Ledger.awaitProcessed(shop, 2);

        assertThat(Sql.scalar("SELECT count(*) FROM processed_deliveries WHERE shop_domain = ? AND webhook_id = ?",
                shop, create.webhookId())).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(20)).until(() -> enriched.withKey(shop).size() >= 2);
        assertThat(enriched.valuesWithKey(shop)).hasSize(2);
    }

    @Test
    void oneBatchWithDuplicatesAndOlderVersionsAppliesOnlyTheNewestOnce() {
        RawRecords.Builder create = RawRecords.of("orders-create.json", shop);
        RawRecords.Builder updated = RawRecords.of("orders-updated.json", shop);
        RawRecords.Builder paid = RawRecords.of("orders-paid.json", shop);
        RawRecords.Builder refund = RawRecords.of("refunds-create.json", shop);
        RawRecords.send(kafka, updated.build(), create.build(), create.build(), paid.build(), refund.build(),
                updated.build());
        Ledger.awaitProcessed(shop, 4);

        assertThat(Ledger.outcome(shop, updated.webhookId())).isEqualTo("applied");
        assertThat(Ledger.outcome(shop, create.webhookId())).isEqualTo("stale");
        assertThat(Ledger.outcome(shop, paid.webhookId())).isEqualTo("stale");
        assertThat(Ledger.outcome(shop, refund.webhookId())).isEqualTo("applied");
        assertThat((String) order().get("tags")).contains("shopstream-synced");
        assertThat(Sql.scalar("SELECT count(*) FROM order_line_items WHERE shop_domain = ?", shop)).isEqualTo(2L);
        await().atMost(Duration.ofSeconds(20)).until(() -> enriched.withKey(shop).size() >= 2);
        assertThat(enriched.valuesWithKey(shop)).hasSize(2);
    }

    @Test
    void aStaleUpdateAfterANewerOneChangesNothingAndPublishesNothing() {
        send(RawRecords.of("orders-updated.json", shop));
        RawRecords.Builder stale = RawRecords.of("orders-create.json", shop);
        send(stale);
        Ledger.awaitProcessed(shop, 2);

        assertThat(Ledger.outcome(shop, stale.webhookId())).isEqualTo("stale");
        assertThat((String) order().get("tags")).contains("shopstream-synced");
        await().atMost(Duration.ofSeconds(20)).until(() -> enriched.withKey(shop).size() >= 1);
        assertThat(enriched.valuesWithKey(shop)).hasSize(1);
    }

    @Test
    void aDeletedOrderTakesItsLineItemsWithIt() {
        send(RawRecords.of("orders-create.json", shop));
        Ledger.awaitProcessed(shop, 1);
        assertThat((Long) Sql.scalar("SELECT count(*) FROM order_line_items WHERE shop_domain = ?", shop)).isPositive();

        send(RawRecords.of("orders-create.json", shop).topic("orders/delete")
                .body("{\"id\":" + ORDER_ID + "}").triggeredAt("2026-08-15T09:00:00.000000Z"));
        Ledger.awaitProcessed(shop, 2);

        assertThat(order()).isNull();
        assertThat(Sql.scalar("SELECT count(*) FROM order_line_items WHERE shop_domain = ?", shop)).isEqualTo(0L);
    }

    @Test
    void aDeleteBeforeAStaleUpdateStaysDeleted() {
        send(RawRecords.of("orders-create.json", shop));
        send(RawRecords.of("orders-create.json", shop).topic("orders/delete")
                .body("{\"id\":" + ORDER_ID + "}").triggeredAt("2026-08-15T09:00:00.000000Z"));
        RawRecords.Builder late = RawRecords.of("orders-updated.json", shop);
        send(late);
        Ledger.awaitProcessed(shop, 3);

        assertThat(order()).isNull();
        assertThat(Sql.scalar("SELECT count(*) FROM order_line_items WHERE shop_domain = ?", shop)).isEqualTo(0L);
        assertThat(Ledger.outcome(shop, late.webhookId())).isEqualTo("stale");
    }

    @Test
    void aRefundIsRecordedAgainstItsOrderAndRepublishesTheOrder() {
        send(RawRecords.of("orders-create.json", shop), RawRecords.of("refunds-create.json", shop));
        Ledger.awaitProcessed(shop, 2);

        assertThat(Sql.query("SELECT order_id, amount FROM refunds WHERE shop_domain = ?", shop))
                .singleElement().satisfies(refund -> {
                    assertThat(refund.get("order_id")).isEqualTo(ORDER_ID);
                    assertThat((BigDecimal) refund.get("amount")).isEqualByComparingTo("17.00");
                });
        await().atMost(Duration.ofSeconds(20)).until(() -> enriched.withKey(shop).size() >= 2);
        assertThat(enriched.valuesWithKey(shop).get(1)).contains("\"refunded_amount\":\"17.00\"",
                "\"net_revenue\":\"56.00\"");
    }

    @Test
    void anOrderEditIsRecordedAndMarksTheOrderForARefresh() {
        send(RawRecords.of("orders-create.json", shop), RawRecords.of("orders-edited.json", shop));
        Ledger.awaitProcessed(shop, 2);

        assertThat(order()).containsEntry("needs_refresh", true);
        assertThat(Sql.query("SELECT line_items_added, line_items_removed FROM order_edits WHERE shop_domain = ?",
                shop)).singleElement().isEqualTo(Map.of("line_items_added", 1, "line_items_removed", 1));
    }

    @Test
    void theEnrichedEventCarriesTheDerivedFacts() {
        RawRecords.Builder create = RawRecords.of("orders-create.json", shop);
        send(create);
        await().atMost(Duration.ofSeconds(20)).until(() -> !enriched.withKey(shop).isEmpty());

        String event = enriched.valuesWithKey(shop).get(0);
        assertThat(event).contains("\"schema_version\":1", "\"order_id\":" + ORDER_ID, "\"units\":3",
                "\"line_count\":2", "\"total_price\":\"73.00\"", "\"discount_ratio\":\"0.0000\"",
                "\"refunded_amount\":\"0.00\"", "\"net_revenue\":\"73.00\"", "\"order_count\":1",
                "\"lifetime_spend\":\"73.00\"", "\"first_order\":true",
                "\"webhook_id\":\"" + create.webhookId() + "\"", "\"correlation_id\":\"" + create.correlationId() + "\"");
        assertThat(event).doesNotContain("maya.okafor");
        assertThat(TopicRecorder.header(enriched.withKey(shop).get(0), "ce_id"))
                .isEqualTo(create.webhookId() + "/order-enriched");
        assertThat(TopicRecorder.header(enriched.withKey(shop).get(0), "shopstream-correlation-id"))
                .isEqualTo(create.correlationId());
    }

    @Test
    void fulfillmentTopicsAreKeptInTheLedgerOnly() {
        ProducerRecord<String, byte[]> fulfillment = RawRecords.of("orders-create.json", shop)
                .topic("fulfillments/create").build();
        RawRecords.send(kafka, fulfillment);
        Ledger.awaitProcessed(shop, 1);

        assertThat(Sql.scalar("SELECT outcome FROM processed_deliveries WHERE shop_domain = ?", shop))
                .isEqualTo("recorded");
        assertThat(order()).isNull();
    }
}
