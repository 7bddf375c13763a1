package io.shopstream.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
class InventoryProcessingTest {

    static final long ITEM = 46123456789012L;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private TopicRecorder changes;
    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        changes = TopicRecorder.start(kafka, Set.of(InventoryChangeEvent.TOPIC));
    }

    @AfterEach
    void tearDown() {
        changes.close();
    }

    private RawRecords.Builder level(int available, String updatedAt) {
        return RawRecords.of("inventory_levels-update.json", shop).edit(json -> {
            json.put("available", available);
            json.put("updated_at", updatedAt);
        });
    }


    private Object available() {
        return Sql.scalar("SELECT available FROM inventory_levels WHERE shop_domain = ? AND inventory_item_id = ?",
                shop, ITEM);
    }

    private JsonNode change(int index) throws Exception {
        return new ObjectMapper().readTree(changes.valuesWithKey(shop).get(index));
    }

    @Test
    void updatesDeliveredOutOfOrderEndAtTheNewestValue() throws Exception {
        RawRecords.send(kafka, level(50, "2026-08-20T13:05:00-05:00").build(),
                level(41, "2026-08-20T13:02:19-05:00").build());
        Ledger.awaitProcessed(shop, 2);

        assertThat(available()).isEqualTo(50);
        await().atMost(Duration.ofSeconds(20)).until(() -> !changes.withKey(shop).isEmpty());
        assertThat(changes.withKey(shop)).hasSize(1);
        assertThat(change(0).get("available").asInt()).isEqualTo(50);
    }

    @Test
    void aSecondUpdateInTheSameSecondIsOrderedByTriggeredAt() {
        RawRecords.send(kafka,
                level(7, "2026-08-20T13:02:19-05:00").triggeredAt("2026-08-20T18:02:19.900000Z").build(),
                level(9, "2026-08-20T13:02:19-05:00").triggeredAt("2026-08-20T18:02:19.100000Z").build());
        Ledger.awaitProcessed(shop, 2);

        assertThat(available()).isEqualTo(7);
    }

    @Test
    void aChangeEventCarriesPreviousNewDeltaSkuAndLowStock() throws Exception {
        RawRecords.send(kafka, RawRecords.of("inventory_items-update.json", shop).build(),
                level(41, "2026-08-20T13:02:19-05:00").build(),
                level(3, "2026-08-20T13:10:00-05:00").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> changes.withKey(shop).size() >= 2);

        JsonNode first = change(0);
        assertThat(first.get("previous_available").isNull()).isTrue();
        assertThat(first.get("available").asInt()).isEqualTo(41);
        assertThat(first.get("low_stock").asBoolean()).isFalse();
        JsonNode second = change(1);
        assertThat(second.get("sku").asText()).isEqualTo("SOCK-TR-M");
        assertThat(second.get("previous_available").asInt()).isEqualTo(41);
        assertThat(second.get("available").asInt()).isEqualTo(3);
        assertThat(second.get("delta").asInt()).isEqualTo(-38);
        assertThat(second.get("low_stock").asBoolean()).isTrue();
        assertThat(second.get("location_id").asLong()).isEqualTo(61234567890L);
    }

    @Test
    void aDisconnectRemovesTheLevelAndAStaleUpdateDoesNotBringItBack() {
        RawRecords.send(kafka, level(41, "2026-08-20T13:02:19-05:00").build(),
                level(41, "2026-08-20T13:30:00-05:00").topic("inventory_levels/disconnect").build(),
                level(12, "2026-08-20T13:20:00-05:00").build());
        Ledger.awaitProcessed(shop, 3);

        assertThat(available()).isNull();
        assertThat(Sql.scalar("SELECT count(*) FROM inventory_levels WHERE shop_domain = ?", shop)).isEqualTo(0L);
    }

    @Test
    void inventoryItemsAreMaintained() {
        RawRecords.send(kafka, RawRecords.of("inventory_items-update.json", shop).build());
        Ledger.awaitProcessed(shop, 1);
        assertThat(Sql.query("SELECT sku, cost, tracked FROM inventory_items WHERE shop_domain = ? AND id = ?", shop,
                ITEM)).singleElement().satisfies(row -> {
                    assertThat(row.get("sku")).isEqualTo("SOCK-TR-M");
                    assertThat(row.get("cost").toString()).isEqualTo("4.1000");
                    assertThat(row.get("tracked")).isEqualTo(true);
                });

        RawRecords.send(kafka, RawRecords.of("inventory_items-update.json", shop).topic("inventory_items/delete")
                .body("{\"id\":" + ITEM + "}").triggeredAt("2026-08-19T00:00:00Z").build());
        Ledger.awaitProcessed(shop, 2);
        assertThat(Sql.scalar("SELECT count(*) FROM inventory_items WHERE shop_domain = ?", shop)).isEqualTo(0L);
    }
}
