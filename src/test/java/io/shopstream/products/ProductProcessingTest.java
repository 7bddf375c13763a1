package io.shopstream.products;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Sql;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ProductProcessingTest {

    static final long PRODUCT = 8123456789012L;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
    }


    @Test
    void anUpdateStoresTheProductAndMapsEachSkuToItsInventoryItem() {
        RawRecords.send(kafka, RawRecords.of("products-update.json", shop).build());
        Ledger.awaitProcessed(shop, 1);

        assertThat(Sql.scalar("SELECT title FROM products WHERE shop_domain = ? AND id = ?", shop, PRODUCT))
                .isEqualTo("Trail Runner Sock");
        assertThat(Sql.scalar("SELECT inventory_item_id FROM product_variants WHERE shop_domain = ? AND sku = ?",
                shop, "SOCK-TR-S")).isEqualTo(46123456789011L);
        assertThat(((Number) Sql.scalar("SELECT count(*) FROM product_variants WHERE shop_domain = ?", shop))
                .intValue()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDeleteRemovesProductAndVariantsAndAStaleUpdateDoesNotBringThemBack() {
        RawRecords.send(kafka, RawRecords.of("products-update.json", shop).build(),
                RawRecords.of("products-delete.json", shop).body("{\"id\":" + PRODUCT + "}").build(),
                RawRecords.of("products-update.json", shop).build());
        Ledger.awaitProcessed(shop, 3);

        assertThat(Sql.scalar("SELECT count(*) FROM products WHERE shop_domain = ?", shop)).isEqualTo(0L);
        assertThat(Sql.scalar("SELECT count(*) FROM product_variants WHERE shop_domain = ?", shop)).isEqualTo(0L);
        assertThat(Sql.scalar("SELECT count(*) FROM processed_deliveries WHERE shop_domain = ? AND outcome = 'stale'",
                shop)).isEqualTo(1L);
    }
}
