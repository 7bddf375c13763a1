package io.shopstream.writeback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.devservices.simulator.SimulatedRequest;
import io.shopstream.devservices.simulator.SimulatedShop;
import io.shopstream.devservices.simulator.ShopifySimulator;
import io.shopstream.shopify.AccessToken;
import io.shopstream.shops.ShopCredentialsRepository;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.ShopifySimulatorResource;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Sql;
import io.shopstream.testing.TopicRecorder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Write-backs end to end: webhook → rule → outbox → write-back topic → Admin API (the simulator) → ended-log. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ShopifySimulatorResource.class, scope = TestResourceScope.GLOBAL)
class WriteBackTest {

    static final String ORDER = "gid://shopify/Order/6123456789012";
    static final String PRODUCT = "gid://shopify/Product/8123456789012";
    static final long ITEM_A = 46123456789012L;
    static final long ITEM_B = 56123456789012L;
    static final String SYNC_A = "sync-a.myshopify.com";
    static final String SYNC_B = "sync-b.myshopify.com";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ShopCredentialsRepository credentials;

    @Inject
    WriteBackEngine engine;

    @Inject
    WriteBackRepository log;

    ShopifySimulator simulator;

    @TestHTTPResource("/webhooks/shopify")
    java.net.URL webhookUrl;

    private TopicRecorder deadLetters;
    private TopicRecorder recorded;

    @BeforeEach
    void record() {
        deadLetters = TopicRecorder.start(kafka, Set.of(WriteBacks.TOPIC + ".dlq"));
        recorded = TopicRecorder.start(kafka, Set.of(WriteBacks.TOPIC));
    }

    @AfterEach
    void stop() {
        deadLetters.close();
        recorded.close();
    }

    /** The write-backs recorded for the shop match the documented schema; their kinds. */
    private List<String> recordedKindsMatchingTheSchema(String shop) throws IOException {
        JsonSchema schema;
        try (InputStream in = WriteBackTest.class.getResourceAsStream("/schemas/writebacks-v1.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        List<String> kinds = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : recorded.withKey(shop)) {
            assertThat(schema.validate(new ObjectMapper().readTree(record.value()))).isEmpty();
            assertThat(TopicRecorder.header(record, "ce_id")).isEqualTo(WriteBack.fromJson(record.value()).id());
            kinds.add(WriteBack.fromJson(record.value()).kind());
        }
        return kinds;
    }

    /** A new shop with stored credentials, known to the simulator with that token. */
    private SimulatedShop shopWithCredentials(String shop) {
        String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        credentials.store(shop, new AccessToken(token), "standard", "test").await().atMost(PATIENCE);
        return simulator.shop(shop).accessToken(token);
    }

    private static List<Map<String, Object>> ended(String shop) {
        return Sql.query("SELECT id, kind, status, error_codes FROM writebacks WHERE shop_domain = ? ORDER BY id", shop);
    }

    private static List<Map<String, Object>> awaitEnded(String shop, int count) {
        await().atMost(PATIENCE).until(() -> ended(shop).size() >= count);
        return ended(shop);
    }

    private List<SimulatedRequest> mutations(String shop) {
        return simulator.requests(shop).stream().filter(r -> !"SkuLevels".equals(r.operation())
                && !"OrderRefresh".equals(r.operation())).toList();
    }

    /** Everything this shop asked for was published and has ended: nothing more will reach Shopify. */
    private void awaitQuiet(String shop) {
        await().atMost(PATIENCE).until(() -> ((Number) Sql.scalar("SELECT count(*) FROM outbox WHERE key = ?", shop))
                .longValue() == 0 && engine.pending() == 0);
    }

    @Test
    void anOrderCrossingARuleIsTaggedWithItsEnrichmentInOneCallAndTheEchoWritesNothing() throws IOException {
        String shop = RawRecords.newShop();
        SimulatedShop simulated = shopWithCredentials(shop)
                .order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()));

        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build());

        List<Map<String, Object>> ended = awaitEnded(shop, 1);
        assertThat(ended).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("order-tags");
            assertThat(row.get("status")).isEqualTo("applied");
        });
        assertThat(simulated.tags(ORDER)).containsExactly("shopstream-first-order");
        JsonObject enrichment = new JsonObject(simulated.metafield(ORDER, "shopstream", "enrichment"));
        assertThat(enrichment.getLong("customer_order_count")).isEqualTo(1);
        assertThat(enrichment.getBoolean("first_order")).isTrue();
        assertThat(mutations(shop)).singleElement().satisfies(request -> {
            assertThat(request.operation()).isEqualTo("OrderWriteback");
            assertThat(request.correlationId()).isNotBlank();
        });

        // Shopify's orders/updated after our write: the same order, now with our tag
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).topic("orders/updated")
                .edit(json -> json.put("tags", "shopstream-first-order").put("updated_at", "2026-12-01T10:00:00Z"))
                .build());
        Ledger.awaitProcessed(shop, 2);
        awaitQuiet(shop);
        assertThat(ended(shop)).hasSize(1);
        assertThat(mutations(shop)).hasSize(1);
        assertThat(recordedKindsMatchingTheSchema(shop)).containsExactly("order-tags");
    }

    @Test
    void theWriteBackCarriesTheWebhooksCorrelationId() {
        String shop = RawRecords.newShop();
        shopWithCredentials(shop).order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()));
        RawRecords.Builder order = RawRecords.of("orders-create.json", shop);
        RawRecords.send(kafka, order.build());

        awaitEnded(shop, 1);
        assertThat(mutations(shop)).singleElement()
                .satisfies(request -> assertThat(request.correlationId()).isEqualTo(order.correlationId()));
    }

    @Test
    void aShopWithoutCredentialsIsNotWrittenTo() {
        String shop = RawRecords.newShop();
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build());
        Ledger.awaitProcessed(shop, 1);
        awaitQuiet(shop);
        assertThat(recorded.withKey(shop)).isEmpty(); // no rule asks for a write-back to such a shop

        // one recorded while it had credentials, performed after they were deleted
        produce(new WriteBack("gone-" + UUID.randomUUID(), "order-tags", shop, ORDER, "corr-gone", Instant.now(),
                new JsonObject().put("order_id", 6123456789012L).put("tags", new JsonArray().add("x"))));
        assertThat(awaitEnded(shop, 1)).singleElement()
                .satisfies(row -> assertThat(row.get("status")).isEqualTo("skipped"));
        assertThat(simulator.requests(shop)).isEmpty();
    }

    @Test
    void anUninstalledShopsWriteBacksAreCancelled() {
        String shop = RawRecords.newShop();
        shopWithCredentials(shop).order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()));
        RawRecords.send(kafka, RawRecords.of("app-uninstalled.json", shop).triggeredAt(Instant.now().toString()).build());
        Ledger.awaitProcessed(shop, 1);

        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build());

        assertThat(awaitEnded(shop, 1)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("cancelled");
            assertThat(row.get("error_codes")).isEqualTo("UNINSTALLED");
        });
        assertThat(simulator.requests(shop)).isEmpty();
    }

    @Test
    void aWriteBackShopifyRefusesIsDeadLetteredWithItsReasonAndCodes() {
        String shop = RawRecords.newShop();
        SimulatedShop simulated = shopWithCredentials(shop); // the simulator does not know the order: userErrors
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build());

        assertThat(awaitEnded(shop, 1)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("dead-lettered");
            assertThat((String) row.get("error_codes")).startsWith("USER_ERRORS:tagsAdd");
        });
        await().atMost(PATIENCE).until(() -> !deadLetters.withKey(shop).isEmpty());
        ConsumerRecord<String, byte[]> dead = deadLetters.withKey(shop).get(0);
        assertThat(TopicRecorder.header(dead, "dead-letter-reason")).contains("userErrors");
        assertThat(TopicRecorder.header(dead, WriteBackEngine.SHOPIFY_CODES_HEADER)).isEqualTo("USER_ERRORS:tagsAdd");
        assertThat(TopicRecorder.header(dead, "dead-letter-topic")).isEqualTo(WriteBacks.TOPIC);
        assertThat(WriteBack.fromJson(dead.value()).kind()).isEqualTo("order-tags");
        assertThat(mutations(shop)).hasSize(1); // userErrors are not retried

        // the cause fixed (the order exists now), an operator replays the dead letter: it is performed
        simulated.order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()));
        given().auth().oauth2("shopstream-test-admin-token").contentType(ContentType.JSON)
                .body(Map.of("shop", shop, "dlqTopic", WriteBacks.TOPIC + ".dlq"))
                .post("/admin/dead-letters/replay").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> "applied".equals(ended(shop).get(0).get("status")));
        assertThat(simulated.tags(ORDER)).containsExactly("shopstream-first-order");
        assertThat(ended(shop)).singleElement().satisfies(row -> assertThat(row.get("error_codes")).isNull());
    }

    @Test
    void aWriteBackCommittedButNotYetPublishedWhenTheProcessStoppedIsStillPerformed() {
        String shop = RawRecords.newShop();
        SimulatedShop simulated = shopWithCredentials(shop)
                .order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()));
        WriteBack pending = new WriteBack("crashed-" + UUID.randomUUID() + "/order-tags/6123456789012", "order-tags",
                shop, ORDER, "corr-crashed", Instant.now(),
                new JsonObject().put("order_id", 6123456789012L).put("tags", new JsonArray().add("recovered")));
        // what a transaction leaves in the outbox when the process dies before the relay publishes it
        Sql.execute("INSERT INTO outbox (topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload) "
                + "VALUES (?, ?, ?, ?, ?, now(), ?, ?)", WriteBacks.TOPIC, shop, pending.id(),
                WriteBacks.CE_TYPE_PREFIX + pending.kind(), "https://" + shop, pending.correlationId(), pending.toJson());

        assertThat(awaitEnded(shop, 1)).singleElement().satisfies(row -> assertThat(row.get("status")).isEqualTo("applied"));
        assertThat(simulated.tags(ORDER)).containsExactly("recovered");
    }

    @Test
    void aRedeliveredWriteBackThatEndedIsNotPerformedAgain() {
        String shop = RawRecords.newShop();
        shopWithCredentials(shop).order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()));
        WriteBack writeBack = new WriteBack("again-" + UUID.randomUUID() + "/order-tags/6123456789012", "order-tags",
                shop, ORDER, "corr-again", Instant.now(),
                new JsonObject().put("order_id", 6123456789012L).put("tags", new JsonArray().add("once")));
        produce(writeBack);
        awaitEnded(shop, 1);

        produce(writeBack); // Kafka redelivers it (a rebalance or restart before the commit)
        produce(new WriteBack("marker-" + UUID.randomUUID(), "order-tags", shop, ORDER, "corr-marker", Instant.now(),
                new JsonObject().put("order_id", 6123456789012L).put("tags", new JsonArray().add("after"))));
        awaitEnded(shop, 2);
        awaitQuiet(shop);

        assertThat(mutations(shop)).extracting(SimulatedRequest::correlationId).containsExactly("corr-again", "corr-marker");
    }

    private void produce(WriteBack writeBack) {
        kafka.produce(String.class, byte[].class).fromRecords(List.of(new ProducerRecord<>(WriteBacks.TOPIC,
                writeBack.shop(), writeBack.toJson().getBytes(StandardCharsets.UTF_8)))).awaitCompletion();
    }

    @Test
    void inventoryIsSetInTheOtherShopOfTheGroupAndItsEchoDoesNotBounceBack() throws IOException {
        String locationA = "gid://shopify/Location/61234567890";
        String locationB = "gid://shopify/Location/71234567890";
        SimulatedShop a = shopWithCredentials(SYNC_A)
                .inventoryLevel("gid://shopify/InventoryItem/" + ITEM_A, "SOCK-TR-M", locationA, 41, 44);
        SimulatedShop b = shopWithCredentials(SYNC_B)
                .inventoryLevel("gid://shopify/InventoryItem/" + ITEM_B, "SOCK-TR-M", locationB, 30, 30);
        // both shops' items are known with their SKU (inventory_items/update)
        RawRecords.send(kafka, RawRecords.of("inventory_items-update.json", SYNC_A).build(),
                RawRecords.of("inventory_items-update.json", SYNC_B).edit(json -> json.put("id", ITEM_B)).build());
        Ledger.awaitProcessed(SYNC_B, 1);

        RawRecords.Builder change = RawRecords.of("inventory_levels-update.json", SYNC_A)
                .edit(json -> json.put("available", 17).put("updated_at", "2026-11-26T10:00:00Z"));
        RawRecords.send(kafka, change.build());

        await().atMost(PATIENCE).until(() -> Integer.valueOf(17).equals(b.available("gid://shopify/InventoryItem/"
                + ITEM_B, locationB)));
        assertThat(awaitEnded(SYNC_B, 1)).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("inventory-sync");
            assertThat(row.get("status")).isEqualTo("applied");
        });
        SimulatedRequest set = mutations(SYNC_B).stream().filter(r -> "SyncAvailable".equals(r.operation()))
                .findFirst().orElseThrow();
        assertThat(set.idempotencyKey()).isNotBlank();
        assertThat(set.correlationId()).isEqualTo(change.correlationId());

        // Shopify's inventory_levels/update from shop B after our write
        RawRecords.send(kafka, RawRecords.of("inventory_levels-update.json", SYNC_B).edit(json -> json
                .put("inventory_item_id", ITEM_B).put("location_id", 71234567890L).put("available", 17)
                .put("updated_at", "2026-11-26T10:00:01Z")).build());
        Ledger.awaitProcessed(SYNC_B, 2);
        // and the same change from shop A delivered again
        RawRecords.send(kafka, change.build());
        awaitQuiet(SYNC_A);
        awaitQuiet(SYNC_B);

        assertThat(ended(SYNC_A)).isEmpty();
        assertThat(simulator.requests(SYNC_A)).isEmpty();
        assertThat(a.available("gid://shopify/InventoryItem/" + ITEM_A, locationA)).isEqualTo(41);
        assertThat(ended(SYNC_B)).hasSize(1);
        assertThat(Sql.scalar("SELECT count(*) FROM inventory_sync_expectations WHERE shop_domain = ?", SYNC_B))
                .isEqualTo(0L);
        assertThat(recordedKindsMatchingTheSchema(SYNC_B)).containsExactly("inventory-sync");
    }

    @Test
    void aProductIsTaggedLowStockUnderTheThresholdAndUntaggedWhenRestocked() throws IOException {
        String shop = RawRecords.newShop();
        SimulatedShop simulated = shopWithCredentials(shop).product(PRODUCT, "Trail socks", List.of("merino", "running"));
        RawRecords.send(kafka, RawRecords.of("products-update.json", shop).build());
        Ledger.awaitProcessed(shop, 1);

        RawRecords.send(kafka, RawRecords.of("inventory_levels-update.json", shop)
                .edit(json -> json.put("available", 2).put("updated_at", "2026-11-26T10:00:00Z")).build());
        await().atMost(PATIENCE).until(() -> simulated.tags(PRODUCT).contains("low-stock"));

        // Shopify's products/update echo carries the tag; then stock arrives
        RawRecords.send(kafka, RawRecords.of("products-update.json", shop)
                .edit(json -> json.put("tags", "merino, running, low-stock").put("updated_at", "2026-11-26T10:00:05Z"))
                .build());
        Ledger.awaitProcessed(shop, 3);
        RawRecords.send(kafka, RawRecords.of("inventory_levels-update.json", shop)
                .edit(json -> json.put("available", 50).put("updated_at", "2026-11-26T10:01:00Z")).build());

        await().atMost(PATIENCE).until(() -> !simulated.tags(PRODUCT).contains("low-stock"));
        assertThat(simulated.tags(PRODUCT)).containsExactly("merino", "running");
        assertThat(awaitEnded(shop, 2)).extracting(row -> row.get("status")).containsOnly("applied");
        assertThat(mutations(shop)).extracting(SimulatedRequest::operation)
                .containsExactly("LowStockTagAdd", "LowStockTagRemove");
        assertThat(recordedKindsMatchingTheSchema(shop)).containsExactly("product-low-stock", "product-low-stock");
    }

    @Test
    void endedWriteBacksAreForgottenAfterTheRetention() {
        String shop = RawRecords.newShop();
        Sql.execute("INSERT INTO writebacks (shop_domain, id, kind, status, attempts, completed_at) "
                + "VALUES (?, 'old', 'order-tags', 'applied', 1, now() - interval '15 days'), "
                + "(?, 'recent', 'order-tags', 'applied', 1, now() - interval '13 days')", shop, shop);

        log.purgeOlderThan(Duration.ofDays(14)).await().atMost(PATIENCE);

        assertThat(ended(shop)).extracting(row -> row.get("id")).containsExactly("recent");
    }

    @Test
    void anEditedOrderIsReadAgainAndAppliedLikeAnUpdate() {
        String shop = RawRecords.newShop();
        JsonObject order = new JsonObject(new String(SignedSample.load("orders-create.json").body(),
                StandardCharsets.UTF_8));
        SimulatedShop simulated = shopWithCredentials(shop).order(order);
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build());
        Ledger.awaitProcessed(shop, 1);

        // the merchant removes the second line item at Shopify; orders/edited says so, as a delta
        simulated.editOrder(ORDER, new JsonObject().put("subtotal_price", "40.00").put("total_price", "49.00")
                .put("line_items", new JsonArray().add(order.getJsonArray("line_items").getJsonObject(0))));
        RawRecords.Builder edited = RawRecords.of("orders-edited.json", shop);
        RawRecords.send(kafka, edited.build());

        await().atMost(PATIENCE).until(() -> ended(shop).stream().anyMatch(row -> "order-refresh".equals(row.get("kind"))));
        assertThat(ended(shop)).filteredOn(row -> "order-refresh".equals(row.get("kind"))).singleElement()
                .satisfies(row -> assertThat(row.get("status")).isEqualTo("applied"));
        Map<String, Object> stored = Sql.query("SELECT total_price, subtotal_price, needs_refresh, order_number "
                + "FROM orders WHERE shop_domain = ? AND id = ?", shop, 6123456789012L).get(0);
        assertThat(stored.get("total_price")).isEqualTo(new java.math.BigDecimal("49.0000"));
        assertThat(stored.get("subtotal_price")).isEqualTo(new java.math.BigDecimal("40.0000"));
        assertThat(stored.get("needs_refresh")).isEqualTo(false);
        assertThat(stored.get("order_number")).isNotNull(); // the GraphQL answer has none: the stored one stays
        assertThat(Sql.scalar("SELECT count(*) FROM order_line_items WHERE shop_domain = ? AND order_id = ?", shop,
                6123456789012L)).isEqualTo(1L);
        assertThat(simulator.requests(shop)).filteredOn(r -> "OrderRefresh".equals(r.operation())).singleElement()
                .satisfies(r -> assertThat(r.correlationId()).isEqualTo(edited.correlationId()));
    }

    @Test
    void withShopifysOwnEchoWebhooksTheGroupConvergesWithoutALoop() {
        String locationA = "gid://shopify/Location/61234567890";
        String locationB = "gid://shopify/Location/71234567890";
        String itemA = "gid://shopify/InventoryItem/46123456789013";
        String itemB = "gid://shopify/InventoryItem/56123456789013";
        SimulatedShop a = shopWithCredentials(SYNC_A).inventoryLevel(itemA, "SOCK-TR-L", locationA, 12, 12);
        SimulatedShop b = shopWithCredentials(SYNC_B).inventoryLevel(itemB, "SOCK-TR-L", locationB, 3, 3);
        RawRecords.send(kafka,
                RawRecords.of("inventory_items-update.json", SYNC_A)
                        .edit(json -> json.put("id", 46123456789013L).put("sku", "SOCK-TR-L")).build(),
                RawRecords.of("inventory_items-update.json", SYNC_B)
                        .edit(json -> json.put("id", 56123456789013L).put("sku", "SOCK-TR-L")).build());
        await().atMost(PATIENCE).until(() -> Sql.scalar("SELECT count(*) FROM inventory_items WHERE sku = ?",
                "SOCK-TR-L").equals(2L));
        long setsBefore = sets(SYNC_A) + sets(SYNC_B);
        // the simulator now sends Shopify's webhooks for every change it applies, signed, to this application
        simulator.webhooks(webhookUrl.toString());
        try {
            RawRecords.send(kafka, RawRecords.of("inventory_levels-update.json", SYNC_A).edit(json -> json
                    .put("inventory_item_id", 46123456789013L).put("available", 9)
                    .put("updated_at", "2026-11-26T11:00:00Z")).build());

            await().atMost(PATIENCE).until(() -> Integer.valueOf(9).equals(b.available(itemB, locationB)));
            // B's echo comes back through ingest and is recognised: the expectation is consumed
            await().atMost(PATIENCE).until(() -> Sql.scalar("SELECT count(*) FROM inventory_levels WHERE "
                    + "shop_domain = ? AND inventory_item_id = ? AND available = 9", SYNC_B, 56123456789013L).equals(1L)
                    && Sql.scalar("SELECT count(*) FROM inventory_sync_expectations WHERE shop_domain = ?", SYNC_B)
                            .equals(0L));
            awaitQuiet(SYNC_A);
            awaitQuiet(SYNC_B);
        } finally {
            simulator.webhooks(null);
        }
        assertThat(a.available(itemA, locationA)).isEqualTo(12); // Shopify's own level: the test's change was a record
        assertThat(sets(SYNC_A) + sets(SYNC_B) - setsBefore).isEqualTo(1);
        assertThat(simulator.stats().get(SYNC_B).echoesSent()).isGreaterThanOrEqualTo(1);
    }

    private long sets(String shop) {
        return simulator.requests(shop).stream().filter(r -> "SyncAvailable".equals(r.operation())).count();
    }
}
