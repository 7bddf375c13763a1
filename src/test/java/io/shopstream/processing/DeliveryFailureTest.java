package io.shopstream.processing;

import static io.shopstream.testing.TopicRecorder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.PostgresServer;
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
class DeliveryFailureTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    PostgresServer postgres;

    private TopicRecorder deadLetters;
    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        deadLetters = TopicRecorder.start(kafka,
                Set.of("shopify.orders.v1.dlq", "shopify.inventory.v1.dlq", "shopify.products.v1.dlq"));
    }

    @AfterEach
    void tearDown() {
        postgres.start();
        deadLetters.close();
    }


    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextRecordIsProcessed() {
        RawRecords.Builder poison = RawRecords.of("orders-create.json", shop).body("this is not JSON");
        RawRecords.Builder good = RawRecords.of("orders-create.json", shop);
        RawRecords.send(kafka, poison.build(), good.build());

        await().atMost(Duration.ofSeconds(20)).until(() -> Ledger.processed(shop) == 1 && !deadLetters.withKey(shop).isEmpty());
        ConsumerRecord<String, byte[]> dead = deadLetters.withKey(shop).get(0);
        assertThat(dead.topic()).isEqualTo("shopify.orders.v1.dlq");
        assertThat(new String(dead.value())).isEqualTo("this is not JSON");
        assertThat(header(dead, "dead-letter-reason")).contains("not JSON");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo("shopify.orders.v1");
        assertThat(header(dead, "dead-letter-partition")).isNotNull();
        assertThat(header(dead, "dead-letter-offset")).isNotNull();
        assertThat(header(dead, "shopstream-correlation-id")).isEqualTo(poison.correlationId());
        assertThat(header(dead, "shopify-webhook-id")).isEqualTo(poison.webhookId());
        assertThat(Sql.scalar("SELECT webhook_id FROM processed_deliveries WHERE shop_domain = ?", shop))
                .isEqualTo(good.webhookId());
    }

    @Test
    void aRecordWithoutAnIdIsDeadLettered() {
        RawRecords.Builder noId = RawRecords.of("inventory_levels-update.json", shop)
                .edit(json -> json.remove("inventory_item_id"));
        RawRecords.send(kafka, noId.build());

        await().atMost(Duration.ofSeconds(20)).until(() -> !deadLetters.withKey(shop).isEmpty());
        assertThat(header(deadLetters.withKey(shop).get(0), "dead-letter-reason")).contains("inventory_item_id");
        assertThat(Ledger.processed(shop)).isZero();
    }

    @Test
    void aDatabaseOutageLosesNothingAndDeadLettersNothing() {
        postgres.stop();
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build(),
                RawRecords.of("orders-updated.json", shop).build(),
                RawRecords.of("refunds-create.json", shop).build(),
                RawRecords.of("products-update.json", shop).build(),
                RawRecords.of("inventory_levels-update.json", shop).build());
        // the consumers now retry with backoff: nothing may reach a dead-letter topic meanwhile
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> deadLetters.withKey(shop).isEmpty());

        postgres.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.processed(shop) == 5);
        assertThat(deadLetters.withKey(shop)).isEmpty();
        assertThat((String) Sql.scalar("SELECT tags FROM orders WHERE shop_domain = ?", shop))
                .contains("shopstream-synced");
        assertThat(Sql.scalar("SELECT count(*) FROM refunds WHERE shop_domain = ?", shop)).isEqualTo(1L);
        assertThat(Sql.scalar("SELECT available FROM inventory_levels WHERE shop_domain = ?", shop)).isEqualTo(41);
    }
}
