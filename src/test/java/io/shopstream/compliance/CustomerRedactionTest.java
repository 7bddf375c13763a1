package io.shopstream.compliance;

import static io.shopstream.compliance.ComplianceTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

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
class CustomerRedactionTest {

    static final long OTHER_ORDER = 6123456789099L;
    static final long OTHER_CUSTOMER = 7612345678999L;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private TopicRecorder events;
    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        events = TopicRecorder.start(kafka, Set.of(ComplianceEvent.TOPIC));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private void send(RawRecords.Builder... deliveries) {
        for (RawRecords.Builder delivery : deliveries) {
            RawRecords.send(kafka, delivery.build());
        }
    }

    private Map<String, Object> order(long id) {
        List<Map<String, Object>> rows = Sql.query("SELECT * FROM orders WHERE shop_domain = ? AND id = ?", shop, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Another customer's order in the same shop (without line items: the sample's ids belong to ORDER). */
    private RawRecords.Builder otherCustomersOrder() {
        return RawRecords.of("orders-create.json", shop).edit(json -> {
            json.put("id", OTHER_ORDER).put("email", "someone.else@example.com").putArray("line_items");
            json.withObject("customer").put("id", OTHER_CUSTOMER);
        });
    }

    @Test
    void redactionErasesEveryPersonalFieldAndKeepsTheFacts() {
        send(RawRecords.of("orders-updated.json", shop), RawRecords.of("refunds-create.json", shop),
                otherCustomersOrder());
        Ledger.awaitProcessed(shop, 3);
        RawRecords.Builder redact = RawRecords.of("customers-redact.json", shop);
        send(redact);
        await().atMost(Duration.ofSeconds(30)).until(() -> "applied".equals(Ledger.outcome(shop, redact.webhookId())));

        assertThat(order(ORDER)).containsEntry("email", null).containsEntry("customer_id", null)
                .containsEntry("tags", null).containsEntry("financial_status", "paid")
                .containsEntry("name", "#1001");
        assertThat((BigDecimal) order(ORDER).get("total_price")).isEqualByComparingTo("73.00");
        assertThat(order(ORDER).get("created_at")).isNotNull();
        assertThat(Sql.query("SELECT sku FROM order_line_items WHERE shop_domain = ? AND order_id = ? ORDER BY sku",
                shop, ORDER)).extracting(row -> row.get("sku")).containsExactly("BTL-750-BLK", "SOCK-TR-M");
        assertThat(Sql.scalar("SELECT count(*) FROM refunds WHERE shop_domain = ?", shop)).isEqualTo(1L);
        assertThat(order(OTHER_ORDER)).containsEntry("email", "someone.else@example.com")
                .containsEntry("customer_id", OTHER_CUSTOMER);

        await().atMost(Duration.ofSeconds(20)).until(() -> !events(events, shop, "customer-redacted").isEmpty());
        rowsOf(shop).forEach((table, rows) -> assertThat(rows).as(table)
                .noneMatch(row -> row.contains(EMAIL) || row.contains(PHONE)));
        rowsOf(shop).forEach((table, rows) -> assertThat(rows).as(table)
                .filteredOn(row -> row.contains(String.valueOf(CUSTOMER)))
                .allMatch(row -> table.equals("customer_redactions")));

        assertThat(Sql.query("SELECT kind, CAST(records AS text) AS records FROM compliance_requests"
                + " WHERE shop_domain = ?", shop)).singleElement().satisfies(row -> {
                    assertThat(row.get("kind")).isEqualTo("customers/redact");
                    assertThat(json((String) row.get("records")).path("orders").asLong()).isEqualTo(1);
                    assertThat((String) row.get("records")).doesNotContain(String.valueOf(CUSTOMER));
                });
        JsonNode event = events(events, shop, "customer-redacted").get(0);
        assertThat(event.path("customer_id").asLong()).isEqualTo(CUSTOMER);
        assertThat(event.path("order_ids").toString()).isEqualTo("[" + ORDER + ",6123456789013]");
        assertThat(event.toString()).doesNotContain(EMAIL, PHONE);
        assertThat(TopicRecorder.header(records(events, shop, "customer-redacted").get(0), "ce_id"))
                .isEqualTo(redact.webhookId() + "/customer-redacted");
        assertThat(violations(event)).isEmpty();
    }

    @Test
    void anOrderWebhookDeliveredAfterTheRedactionIsStoredAnonymised() {
        RawRecords.Builder redact = RawRecords.of("customers-redact.json", shop);
        send(redact);
        await().atMost(Duration.ofSeconds(30)).until(() -> "applied".equals(Ledger.outcome(shop, redact.webhookId())));
        // one order named in orders_to_redact, one only linked to the customer by id
        send(RawRecords.of("orders-updated.json", shop), RawRecords.of("orders-create.json", shop)
                .edit(json -> json.put("id", OTHER_ORDER).putArray("line_items")));
        Ledger.awaitProcessed(shop, 3);

        for (long id : new long[] { ORDER, OTHER_ORDER }) {
            assertThat(order(id)).as("order %d", id).containsEntry("email", null).containsEntry("customer_id", null)
                    .containsEntry("tags", null);
            assertThat((BigDecimal) order(id).get("total_price")).isEqualByComparingTo("73.00");
        }
        rowsOf(shop).forEach((table, rows) -> assertThat(rows).as(table).noneMatch(row -> row.contains(EMAIL)));
    }

    @Test
    void aRedeliveryChangesNothingAndPublishesNothing() {
        send(RawRecords.of("orders-create.json", shop));
        RawRecords.Builder redact = RawRecords.of("customers-redact.json", shop);
        send(redact, redact);
        // same key, same partition: once the sentinel is processed, so is the redelivery before it
        RawRecords.Builder sentinel = RawRecords.of("customers-redact.json", shop)
                .edit(json -> json.withObject("customer").put("id", OTHER_CUSTOMER));
        send(sentinel);
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.outcome(shop, sentinel.webhookId()) != null);
        await().atMost(Duration.ofSeconds(20)).until(() -> events(events, shop, "customer-redacted").size() >= 2);

        assertThat(Sql.scalar("SELECT count(*) FROM processed_deliveries WHERE shop_domain = ? AND webhook_id = ?",
                shop, redact.webhookId())).isEqualTo(1L);
        assertThat(Sql.scalar("SELECT count(*) FROM compliance_requests WHERE shop_domain = ?", shop)).isEqualTo(2L);
        assertThat(records(events, shop, "customer-redacted"))
                .extracting(record -> TopicRecorder.header(record, "ce_id"))
                .containsExactly(redact.webhookId() + "/customer-redacted",
                        sentinel.webhookId() + "/customer-redacted");
    }
}
