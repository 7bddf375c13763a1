package io.shopstream.support.outbox;

import static io.shopstream.testing.TopicRecorder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

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
import io.shopstream.testing.Reactive;
import io.shopstream.testing.Sql;
import io.shopstream.testing.TopicRecorder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class OutboxRelayTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Outbox outbox;

    @Test
    void eventsAddedTogetherArePublishedInTheirOrderWithTheirPayloadsIntact() {
        String shop = RawRecords.newShop();
        List<String> payloads = List.of("{\"n\":1,\"quote\":\"say \\\"hi\\\"\",\"path\":\"a\\\\b\"}",
                "{\"n\":2,\"lines\":\"one\\ntwo\\u0001three\",\"name\":\"Zoë ✓ 東京\"}", "[]", "{\"n\":4}");
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            events.add(new OutboxEvent(EnrichedOrderEvent.TOPIC, shop, UUID.randomUUID() + "/order-enriched",
                    EnrichedOrderEvent.CE_TYPE, "https://" + shop, OffsetDateTime.parse("2026-08-14T15:21:10Z"),
                    "corr-" + i, payloads.get(i)));
        }

        try (TopicRecorder recorded = TopicRecorder.start(kafka, Set.of(EnrichedOrderEvent.TOPIC))) {
            Reactive.inTransaction(session -> outbox.add(session, events));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorded.withKey(shop).size() >= payloads.size());
            assertThat(recorded.valuesWithKey(shop)).containsExactlyElementsOf(payloads);
            assertThat(recorded.withKey(shop)).extracting(event -> header(event, "shopstream-correlation-id"))
                    .containsExactly("corr-0", "corr-1", "corr-2", "corr-3");
        }
    }

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
