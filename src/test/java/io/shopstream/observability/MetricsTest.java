package io.shopstream.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shopstream.devservices.simulator.ShopifySimulator;
import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.PlanLimits;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.MonitoredMetrics;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Scrape;
import io.shopstream.testing.ShopifySimulatorResource;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Sql;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ShopifySimulatorResource.class, scope = TestResourceScope.GLOBAL)
class MetricsTest {

    private static final String ORDERS = "shopify.orders.v1";

    /** The scrapes around one round of traffic, shared by the tests (the traffic is sent once). */
    private static Scrape before;
    private static Scrape after;

    private static final String ORDER = "gid://shopify/Order/6123456789012";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ShopifyAdminClient client;

    ShopifySimulator simulator;

    /**
     * Two signed orders/create webhooks for a new shop (the second a redelivery of the first), one with a bad
     * signature, one without a topic (quarantined); then straight into Kafka an older version of the order (stale) and a record
     * that is not JSON (dead-lettered). And one Admin API call to a shop whose bucket is empty: throttled once,
     * retried, applied.
     */
    private synchronized Scrape afterTraffic() {
        if (after != null) {
            return after;
        }
        before = Scrape.take();
        String shop = RawRecords.newShop();
        SignedSample order = SignedSample.load("orders-create.json")
                .forShop(shop)
                .withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
        Webhooks.send(order).then().statusCode(200);
        Ledger.awaitProcessed(shop, 1);
        Webhooks.send(order).then().statusCode(200);
        Webhooks.send(order.withHeader("X-Shopify-Hmac-Sha256", "bm90IHRoZSBzaWduYXR1cmU=")).then().statusCode(401);
        // signed, but without a topic: quarantined, and answered 200
        Webhooks.send(order.withHeader("X-Shopify-Topic", null)).then().statusCode(200);
        RawRecords.send(kafka,
                RawRecords.of("orders-create.json", shop).edit(json -> json.put("updated_at", "2001-01-01T00:00:00Z"))
                        .build(),
                RawRecords.of("orders-create.json", shop).body("this is not JSON").build());
        Ledger.awaitProcessed(shop, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> Scrape.take()
                .value("shopstream_deliveries_dead_lettered_total", "topic", ORDERS, "reason", "invalid-payload")
                > before.value("shopstream_deliveries_dead_lettered_total", "topic", ORDERS, "reason",
                        "invalid-payload"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count("outbox") == 0
                        && Scrape.take().value("shopstream_outbox_published_total")
                                > before.value("shopstream_outbox_published_total"));
        adminApiCallThrottledOnce();
        after = Scrape.take();
        return after;
    }

    private void adminApiCallThrottledOnce() {
        String shop = RawRecords.newShop();
        given().auth().oauth2("shopstream-test-admin-token").contentType(ContentType.JSON)
                .body(Map.of("accessToken", "shpat_metrics_test", "plan", "standard"))
                .when().put("/admin/shops/" + shop + "/credentials").then().statusCode(200);
        // a slow plan (5 points/s): the empty bucket cannot refill the mutation's 10 points before the call arrives,
        // however slow the machine
        simulator.shop(shop).accessToken("shpat_metrics_test")
                .order(new JsonObject().put("id", ORDER).put("name", "#1001").put("tags", new JsonArray()))
                .plan(new PlanLimits(2000, 5, 40, 2)).currentlyAvailable(0);
        client.graphql(shop, GraphQlOperation.mutation("AddTags",
                "mutation AddTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } "
                        + "userErrors { field message } } }",
                new JsonObject().put("id", ORDER).put("tags", new JsonArray(List.of("metrics")))), "c-metrics")
                .await().atMost(Duration.ofSeconds(20));
        assertThat(simulator.requests(shop)).extracting(request -> request.outcome())
                .containsExactly("throttled", "ok");
    }

    private double moved(String name, String... labels) {
        Scrape scrape = afterTraffic();
        return scrape.value(name, labels) - before.value(name, labels);
    }

    @Test
    void countsWebhooksByFamilyAndStatus() {
        assertThat(moved("shopstream_webhooks_received_total", "family", "orders", "status", "200")).isEqualTo(2);
        assertThat(moved("shopstream_webhooks_received_total", "family", "orders", "status", "401")).isEqualTo(1);
        assertThat(moved("shopstream_webhooks_received_total", "family", "invalid", "status", "200")).isEqualTo(1);
        assertThat(moved("shopstream_webhooks_hmac_failures_total")).isEqualTo(1);
        assertThat(moved("shopstream_webhooks_quarantined_total", "reason", "invalid-header")).isEqualTo(1);
    }

    @Test
    void timesIngestPublishingAndDeliveryLag() {
        assertThat(moved("shopstream_webhooks_ingest_duration_seconds_count", "status", "2xx")).isEqualTo(3);
        assertThat(moved("shopstream_webhooks_ingest_duration_seconds_count", "status", "4xx")).isEqualTo(1);
        assertThat(moved("shopstream_webhooks_ingest_duration_seconds_bucket", "status", "2xx", "le", "+Inf"))
                .isEqualTo(3);
        assertThat(moved("shopstream_webhooks_publish_duration_seconds_count", "result", "acknowledged"))
                .isEqualTo(3);
        // the sample was triggered months before this test ran: both land beyond the last finite bucket
        assertThat(moved("shopstream_webhooks_delivery_lag_seconds_count")).isEqualTo(2);
        assertThat(moved("shopstream_webhooks_delivery_lag_seconds_bucket", "le", "86400.0")).isZero();
    }

    @Test
    void countsProcessedDuplicateStaleAndDeadLetteredDeliveries() {
        assertThat(moved("shopstream_deliveries_processed_total", "topic", ORDERS, "outcome", "applied"))
                .isGreaterThanOrEqualTo(1);
        assertThat(moved("shopstream_deliveries_processed_total", "topic", ORDERS, "outcome", "duplicate"))
                .isGreaterThanOrEqualTo(1);
        assertThat(moved("shopstream_deliveries_processed_total", "topic", ORDERS, "outcome", "stale"))
                .isGreaterThanOrEqualTo(1);
        assertThat(moved("shopstream_deliveries_dead_lettered_total", "topic", ORDERS, "reason", "invalid-payload"))
                .isGreaterThanOrEqualTo(1);
        assertThat(afterTraffic().series("shopstream_deliveries_dead_lettered_total"))
                .extracting(series -> series.labels().get("reason"))
                .isSubsetOf("unreadable", "invalid-payload", "database-rejected", "other");
    }

    @Test
    void exposesOutboxConsumerLagAndBatchAge() {
        assertThat(moved("shopstream_outbox_published_total")).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Scrape.take().series("shopstream_outbox_backlog").size() == 1);
        assertThat(afterTraffic().series("kafka_consumer_fetch_manager_records_lag_max"))
                .extracting(series -> series.labels().get("client_id"))
                .contains("kafka-consumer-inventory-in", "kafka-consumer-products-in")
                .anyMatch(client -> client.startsWith("kafka-consumer-orders-in$"));
        assertThat(afterTraffic().series("shopstream_consumer_batch_age_seconds"))
                .extracting(series -> series.labels().get("topic")).contains(ORDERS);
    }

    @Test
    void exposesNoSecretTokenPasswordOrShop() {
        String text = afterTraffic().text();
        assertThat(text).doesNotContain("shopstream-test-client-secret", "shopstream-test-admin-token",
                "myshopify.com", "bm90IHRoZSBzaWduYXR1cmU=");
        assertThat(afterTraffic().names()).noneMatch(name -> name.contains("shop_domain"));
    }

    @Test
    void exposesTheAdminApiClientsMeters() {
        assertThat(afterTraffic().names()).containsAll(MonitoredMetrics.ADMIN_API);
        assertThat(moved("shopstream_admin_api_calls_total", "operation", "AddTags", "outcome", "throttled"))
                .isEqualTo(1);
        assertThat(moved("shopstream_admin_api_calls_total", "operation", "AddTags", "outcome", "success"))
                .isEqualTo(1);
        assertThat(moved("shopstream_admin_api_throttles_total", "api", "graphql")).isEqualTo(1);
        assertThat(moved("shopstream_admin_api_retries_total", "reason", "throttled")).isEqualTo(1);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExposedOrAWriteBackQueueMetric() {
        Set<String> used = MonitoredMetrics.names();
        assertThat(used).as("the dashboard and the alerts read these").contains(
                "shopstream_webhooks_received_total", "shopstream_deliveries_processed_total",
                "kafka_consumer_fetch_manager_records_lag_max", "shopstream_admin_api_calls_total");
        assertThat(used).as("the dashboard and the alerts read the Admin API client's meters")
                .containsAll(MonitoredMetrics.ADMIN_API);
        assertThat(MonitoredMetrics.byOrigin(afterTraffic().names()))
                .allSatisfy((origin, names) -> assertThat(names).as(origin).isEmpty());
    }
}
