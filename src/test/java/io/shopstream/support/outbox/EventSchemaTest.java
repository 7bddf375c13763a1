package io.shopstream.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.inventory.InventoryChangeEvent;
import io.shopstream.orders.EnrichedOrderEvent;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.TopicRecorder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The events Shopstream publishes match the JSON Schemas it documents (the public contract). */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private TopicRecorder events;
    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        events = TopicRecorder.start(kafka, Set.of(EnrichedOrderEvent.TOPIC, InventoryChangeEvent.TOPIC));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private static JsonSchema schema(String file) {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream("/schemas/" + file)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<ValidationMessage> violations(JsonSchema schema, String event) {
        try {
            return schema.validate(JSON.readTree(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void enrichedOrderEventsMatchTheirSchema() {
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build(),
                RawRecords.of("refunds-create.json", shop).build(),
                RawRecords.of("orders-cancelled.json", shop).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> events.withKey(shop).size() >= 3);

        JsonSchema schema = schema("orders-enriched-v1.schema.json");
        List<String> orders = events.withKey(shop).stream().filter(r -> r.topic().equals(EnrichedOrderEvent.TOPIC))
                .map(r -> new String(r.value())).toList();
        assertThat(orders).hasSize(3).allSatisfy(event -> assertThat(violations(schema, event)).isEmpty());
    }

    @Test
    void inventoryChangeEventsMatchTheirSchema() {
        RawRecords.send(kafka, RawRecords.of("inventory_levels-update.json", shop).build(),
                RawRecords.of("inventory_levels-connect.json", shop).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> events.withKey(shop).size() >= 2);

        JsonSchema schema = schema("inventory-changes-v1.schema.json");
        assertThat(events.valuesWithKey(shop)).hasSize(2)
                .allSatisfy(event -> assertThat(violations(schema, event)).isEmpty());
    }

    @Test
    void theSchemasRejectWhatBreaksTheContract() {
        JsonSchema schema = schema("orders-enriched-v1.schema.json");

        assertThat(violations(schema, "{\"schema_version\":1,\"shop_domain\":\"x.myshopify.com\"}")).isNotEmpty();
        assertThat(violations(schema("inventory-changes-v1.schema.json"), "{\"schema_version\":2}")).isNotEmpty();
    }
}
