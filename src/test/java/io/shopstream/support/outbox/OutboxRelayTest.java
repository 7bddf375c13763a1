package io.shopstream.support.outbox;

import static io.shopstream.testing.TopicRecorder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.orders.EnrichedOrderEvent;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Sql;
import io.shopstream.testing.TopicRecorder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class OutboxRelayTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void anEventCommittedButNeverPublishedIsPublishedByTheSweepAndRemoved() {
        // what a crash between a consumer's commit and the relay's publish leaves behind
        String shop = RawRecords.newShop();
        String ceId = UUID.randomUUID() + "/order-enriched";
        Sql.execute("""
                INSERT INTO outbox (topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", EnrichedOrderEvent.TOPIC, shop, ceId, EnrichedOrderEvent.CE_TYPE,
                "https://" + shop, OffsetDateTime.parse("2026-08-14T15:21:10Z"), "corr-left-behind",
                "{\"schema_version\":1}");

        try (TopicRecorder events = TopicRecorder.start(kafka, Set.of(EnrichedOrderEvent.TOPIC))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !events.withKey(shop).isEmpty());
            ConsumerRecord<String, byte[]> event = events.withKey(shop).get(0);
            assertThat(new String(event.value())).isEqualTo("{\"schema_version\":1}");
            assertThat(header(event, "ce_id")).isEqualTo(ceId);
            assertThat(header(event, "ce_type")).isEqualTo(EnrichedOrderEvent.CE_TYPE);
            assertThat(header(event, "ce_time")).isEqualTo("2026-08-14T15:21:10Z");
            assertThat(header(event, "shopstream-correlation-id")).isEqualTo("corr-left-behind");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Sql.scalar("SELECT count(*) FROM outbox WHERE ce_id = ?", ceId).equals(0L));
    }
}
