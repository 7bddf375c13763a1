package io.shopstream.devservices.simulator;

import static io.shopstream.devservices.simulator.SimulatorClient.ORDER;
import static io.shopstream.devservices.simulator.SimulatorClient.ITEM;
import static io.shopstream.devservices.simulator.SimulatorClient.LOCATION;
import static io.shopstream.devservices.simulator.SimulatorClient.TAGS_ADD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopstream.ingest.HmacVerifier;
import io.shopstream.ingest.WebhookHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** With echo on, the app's writes come back as Shopify's signed webhooks, delivered to a small receiver. */
class SimulatorWebhookEchoTest {

    @RegisterExtension
    static final SimulatorClient client = new SimulatorClient();

    private static final String PRODUCT = "gid://shopify/Product/8123456789012";
    private static final String SECRET = "echo-secret";

    /** One request the receiver got. */
    record Received(MultiMap headers, byte[] body) {
        JsonObject json() {
            return new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static Vertx vertx;
    private static HttpServer receiver;
    private static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    /** The receiver answers 500 to this many requests before answering 200. */
    private static final AtomicInteger FAILURES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            RECEIVED.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.getBytes()));
            int status = FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            request.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void off() {
        client.simulator().webhooks(null);
        FAILURES.set(0);
        RECEIVED.clear();
    }

    private static String url() {
        return "http://127.0.0.1:" + receiver.actualPort() + "/webhooks/shopify";
    }

    private static SimulatedShop shop(String domain) {
        return client.simulator().shop(domain).webhookSecret(SECRET)
                .order(SimulatorClient.resource("/shopify/webhooks/orders-create.json").put("tags", "vip"))
                .product(SimulatorClient.resource("/shopify/webhooks/products-update.json"))
                .inventoryLevel(ITEM, "SOCK-TR-M", LOCATION, 41, 44);
    }

    private static Received next() throws InterruptedException {
        Received received = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(received).as("an echoed webhook").isNotNull();
        return received;
    }

    private static void assertSignedShopifyHeaders(Received received, String topic, String shop) {
        assertThat(new HmacVerifier(List.of(SECRET)).verify(received.body(),
                received.headers().get(WebhookHeaders.HMAC))).hasValue(0);
        // the headers Shopstream's endpoint validates, parsed by its own parser
        WebhookHeaders headers = WebhookHeaders.parse(received.headers()::get);
        assertThat(headers.topic()).isEqualTo(topic);
        assertThat(headers.shopDomain()).isEqualTo(shop);
        assertThat(headers.apiVersion()).isEqualTo("2026-07");
        assertThat(UUID.fromString(headers.webhookId())).isNotNull();
        assertThat(UUID.fromString(headers.eventId().orElseThrow())).isNotNull();
        assertThat(headers.triggeredInstant().orElseThrow()).isBetween(Instant.now().minusSeconds(30), Instant.now());
        assertThat(headers.triggeredAt().orElseThrow()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(received.headers().get("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void tagsAddOnAnOrderEchoesASignedOrdersUpdated() throws Exception {
        shop("orders.myshopify.com");
        client.simulator().webhooks(url());

        client.graphql("orders.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("shopstream-synced")));

        Received received = next();
        assertSignedShopifyHeaders(received, "orders/updated", "orders.myshopify.com");
        JsonObject order = received.json();
        assertThat(order.getLong("id")).isEqualTo(6123456789012L);
        assertThat(order.getString("tags")).isEqualTo("vip, shopstream-synced");
        assertThat(order.getJsonArray("line_items")).hasSize(2);
        assertThat(order.getString("updated_at")).endsWith("-05:00");
        assertThat(OffsetDateTime.parse(order.getString("updated_at")))
                .isAfter(OffsetDateTime.parse("2026-08-14T10:21:09-05:00"));
        Awaitility.await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                client.simulator().stats().get("orders.myshopify.com").echoesSent()).isEqualTo(1));
        assertThat(RECEIVED.poll(300, TimeUnit.MILLISECONDS)).as("one echo per changed order").isNull();
    }

    @Test
    void inventorySetQuantitiesEchoesInventoryLevelsUpdate() throws Exception {
        shop("inventory.myshopify.com");
        client.simulator().webhooks(url());
        JsonObject sample = SimulatorClient.resource("/shopify/admin-api/inventory-set-quantities-success.json")
                .getJsonObject("request").getJsonObject("body");
        sample.getJsonObject("variables").getJsonObject("input").getJsonArray("quantities").getJsonObject(0)
                .put("changeFromQuantity", 41);

        client.graphql("inventory.myshopify.com", sample.getString("query"), sample.getJsonObject("variables"));

        Received received = next();
        assertSignedShopifyHeaders(received, "inventory_levels/update", "inventory.myshopify.com");
        JsonObject level = received.json();
        JsonObject expected = SimulatorClient.resource("/shopify/webhooks/inventory_levels-update.json");
        assertThat(level.fieldNames()).containsExactlyInAnyOrderElementsOf(expected.fieldNames());
        assertThat(level.getLong("inventory_item_id")).isEqualTo(46123456789012L);
        assertThat(level.getLong("location_id")).isEqualTo(61234567890L);
        assertThat(level.getInteger("available")).isEqualTo(38);
        assertThat(level.getString("admin_graphql_api_id")).isEqualTo(expected.getString("admin_graphql_api_id"));
        assertThat(OffsetDateTime.parse(level.getString("updated_at")).toInstant())
                .isAfter(Instant.now().minusSeconds(30));
    }

    @Test
    void tagsOnAProductEchoProductsUpdateWithItsVariants() throws Exception {
        shop("products.myshopify.com");
        client.simulator().webhooks(url());

        client.graphql("products.myshopify.com", TAGS_ADD, new JsonObject().put("id", PRODUCT)
                .put("tags", new JsonArray().add("low-stock")));

        Received received = next();
        assertSignedShopifyHeaders(received, "products/update", "products.myshopify.com");
        JsonObject product = received.json();
        assertThat(product.getLong("id")).isEqualTo(8123456789012L);
        assertThat(product.getString("title")).isEqualTo("Trail Runner Sock");
        assertThat(product.getString("tags")).isEqualTo("merino, running, low-stock");
        assertThat(product.getJsonArray("variants")).isNotEmpty();
        assertThat(OffsetDateTime.parse(product.getString("updated_at")))
                .isAfter(OffsetDateTime.parse("2026-08-20T13:02:19-05:00"));
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameBodyAndWebhookId() throws Exception {
        shop("retry.myshopify.com");
        client.simulator().webhooks(url());
        FAILURES.set(2);

        client.graphql("retry.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("retried")));

        Received first = next();
        next();
        Received third = next();
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(third.headers().get(WebhookHeaders.WEBHOOK_ID))
                .isEqualTo(first.headers().get(WebhookHeaders.WEBHOOK_ID));
        Awaitility.await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(client.simulator().stats().get("retry.myshopify.com").echoesSent()).isEqualTo(1);
            assertThat(client.simulator().stats().get("retry.myshopify.com").echoesFailed()).isZero();
        });
    }

    @Test
    void aDeliveryFailingEveryAttemptIsCountedAsFailed() throws Exception {
        shop("failing.myshopify.com");
        client.simulator().webhooks(url());
        FAILURES.set(Integer.MAX_VALUE);

        client.graphql("failing.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("lost")));

        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                client.simulator().stats().get("failing.myshopify.com").echoesFailed()).isEqualTo(1));
        assertThat(RECEIVED).hasSize(WebhookEchoes.ATTEMPTS);
        assertThat(client.simulator().stats().get("failing.myshopify.com").echoesSent()).isZero();
    }

    @Test
    void offByDefaultAndForRejectedWrites() throws Exception {
        shop("quiet.myshopify.com");
        client.graphql("quiet.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("unseen")));
        assertThat(client.simulator().webhooks()).isNull();

        assertThat(client.send("PUT", "/_simulator/webhooks", new JsonObject().put("url", url())).statusCode())
                .isEqualTo(204);
        client.graphql("quiet.myshopify.com", TAGS_ADD, new JsonObject().put("id", "gid://shopify/Order/1")
                .put("tags", new JsonArray().add("unknown-order")));

        assertThat(client.simulator().webhooks()).isEqualTo(url());
        assertThat(RECEIVED.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void seedRouteSetsTheSecret() throws Exception {
        shop("seeded-secret.myshopify.com");
        client.send("PUT", "/_simulator/shops/seeded-secret.myshopify.com",
                new JsonObject().put("webhookSecret", "from-the-route"));
        client.simulator().webhooks(url());

        client.graphql("seeded-secret.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("signed")));

        Received received = next();
        assertThat(new HmacVerifier(List.of("from-the-route")).verify(received.body(),
                received.headers().get(WebhookHeaders.HMAC))).hasValue(0);
    }
}
