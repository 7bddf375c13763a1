package io.shopstream.compliance;

import static io.shopstream.compliance.ComplianceTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
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
class ShopErasureTest {

    /** After the shop-redact sample's X-Shopify-Triggered-At (2026-09-12T18:30:00Z). */
    static final String AFTER_ERASURE = "2026-09-13T08:00:00.000000Z";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private TopicRecorder events;
    private String shop;
    private String otherShop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        otherShop = RawRecords.newShop();
        events = TopicRecorder.start(kafka, Set.of(ComplianceEvent.TOPIC));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /** Data in every table a shop can have rows in: orders, refunds, edits, inventory, products, tombstones, ... */
    private void fill(String target) {
        RawRecords.send(kafka, RawRecords.of("orders-create.json", target).build(),
                RawRecords.of("refunds-create.json", target).build(),
                RawRecords.of("orders-edited.json", target).build(),
                RawRecords.of("inventory_levels-update.json", target).build(),
                RawRecords.of("inventory_items-update.json", target).build(),
                RawRecords.of("products-update.json", target).build(),
                RawRecords.of("products-delete.json", target).edit(json -> json.put("id", 1L)).build(),
                RawRecords.of("customers-data_request.json", target).build(),
                RawRecords.of("customers-redact.json", target).edit(json -> json.putArray("orders_to_redact").add(1L)
                        .add(2L)).build(),
                RawRecords.of("app-uninstalled.json", target).build());
        Ledger.awaitProcessed(target, 10);
    }

    private RawRecords.Builder erase() {
        RawRecords.Builder redact = RawRecords.of("shop-redact.json", shop);
        RawRecords.send(kafka, redact.build());
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(events, shop, "shop-erased").isEmpty());
        return redact;
    }

    @Test
    void erasureLeavesNoRowOfTheShopInAnyTableAndKeepsOtherShops() {
        fill(shop);
        fill(otherShop);
        assertThat(tablesWithShopDomain()).containsAll(ShopErasure.ERASED.stream().map(ShopErasure.ErasedTable::table)
                .filter(table -> !table.equals("outbox")).toList()).containsAll(ShopErasure.RETAINED);
        long otherRowsBefore = rowsOf(otherShop).values().stream().mapToLong(rows -> rows.size()).sum();

        erase();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Sql.scalar("SELECT count(*) FROM outbox WHERE key = ?", shop).equals(0L));

        rowsOf(shop).forEach((table, rows) -> {
            if (ShopErasure.RETAINED.contains(table)) {
                assertThat(rows).as(table).noneMatch(row -> row.contains(EMAIL) || row.contains(PHONE)
                        || row.contains(String.valueOf(CUSTOMER)));
            } else {
                assertThat(rows).as(table).isEmpty();
            }
        });
        assertThat(Sql.query("SELECT kind FROM compliance_requests WHERE shop_domain = ? ORDER BY kind", shop))
                .extracting(row -> row.get("kind"))
                .containsExactly("customers/data_request", "customers/redact", "shop/redact");
        assertThat(Sql.scalar("SELECT erased_at FROM shop_installations WHERE shop_domain = ?", shop))
                .isEqualTo(OffsetDateTime.parse("2026-09-12T18:30:00Z"));
        assertThat(rowsOf(otherShop).values().stream().mapToLong(rows -> rows.size()).sum())
                .isEqualTo(otherRowsBefore);

        JsonNode erased = events(events, shop, "shop-erased").get(0);
        assertThat(violations(erased)).isEmpty();
        assertThat(erased.path("records").path("orders").asLong()).isEqualTo(1);
        assertThat(erased.path("records").path("products").asLong()).isEqualTo(1);
    }

    @Test
    void webhooksTriggeredBeforeTheErasureDoNotBringDataBack() {
        fill(shop);
        erase();

        RawRecords.Builder lateOrder = RawRecords.of("orders-updated.json", shop);
        RawRecords.Builder laterOrder = RawRecords.of("orders-create.json", shop).triggeredAt(AFTER_ERASURE)
                .edit(json -> json.put("id", 6123456789555L).putArray("line_items"));
        RawRecords.send(kafka, lateOrder.build(), laterOrder.build());
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.outcome(shop, laterOrder.webhookId()) != null);

        assertThat(Ledger.outcome(shop, lateOrder.webhookId())).isNull();
        assertThat(Sql.query("SELECT id FROM orders WHERE shop_domain = ?", shop))
                .extracting(row -> row.get("id")).containsExactly(6123456789555L);
        assertThat(Sql.scalar("SELECT count(*) FROM order_line_items WHERE shop_domain = ?", shop)).isEqualTo(0L);
    }

    @Test
    void anErasureWaitsForTheShopsBatchInFlightAndDeletesWhatItWrote() throws Exception {
        try (Connection batch = Sql.connect()) {
            // what a consumer's batch does: the shop's shared lock, then its writes, not committed yet
            batch.setAutoCommit(false);
            try (PreparedStatement lock = batch.prepareStatement(
                    "SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))")) {
                lock.setString(1, shop);
                lock.execute();
            }
            try (PreparedStatement insert = batch.prepareStatement(
                    "INSERT INTO orders (shop_domain, id, email, updated_at) VALUES (?, 1, ?, now())")) {
                insert.setString(1, shop);
                insert.setString(2, EMAIL);
                insert.execute();
            }
            RawRecords.send(kafka, RawRecords.of("shop-redact.json", shop).build());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> Sql.scalar("SELECT count(*) FROM compliance_requests WHERE shop_domain = ?", shop)
                            .equals(0L));
            batch.commit();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(events, shop, "shop-erased").isEmpty());

        assertThat(Sql.scalar("SELECT count(*) FROM orders WHERE shop_domain = ?", shop)).isEqualTo(0L);
    }

    @Test
    void aRedeliveredShopRedactChangesAndPublishesNothing() {
        fill(shop);
        RawRecords.Builder redact = erase();

        RawRecords.send(kafka, redact.build());
        RawRecords.Builder sentinel = RawRecords.of("customers-data_request.json", shop).triggeredAt(AFTER_ERASURE);
        RawRecords.send(kafka, sentinel.build());
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.outcome(shop, sentinel.webhookId()) != null);
        await().atMost(Duration.ofSeconds(20)).until(() -> !events(events, shop, "data-request-ready").isEmpty());

        assertThat(Ledger.outcome(shop, redact.webhookId())).isNull();
        assertThat(Sql.scalar("SELECT count(*) FROM compliance_requests WHERE shop_domain = ? AND kind = ?", shop,
                "shop/redact")).isEqualTo(1L);
        assertThat(records(events, shop, "shop-erased")).hasSize(1);
    }
}
