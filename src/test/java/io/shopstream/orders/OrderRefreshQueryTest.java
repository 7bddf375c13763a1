package io.shopstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.shopstream.devservices.simulator.ShopifySimulator;
import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.testing.Simulators;
import io.vertx.core.json.JsonObject;

/** The refresh query's answer (from the simulator, seeded with the orders/create sample) maps to the webhook's record. */
class OrderRefreshQueryTest {

    private static final String SHOP = "refresh.myshopify.com";
    private static final long ORDER = 6123456789012L;
    private static ShopifySimulator simulator;
    private static byte[] sample;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = OrderRefreshQueryTest.class.getResourceAsStream("/shopify/webhooks/orders-create.json")) {
            sample = in.readAllBytes();
        }
        simulator = Simulators.start();
        simulator.shop(SHOP).order(new JsonObject(new String(sample, StandardCharsets.UTF_8))
                .put("tags", "vip, wholesale").put("fulfillment_status", "partial"));
    }

    @AfterAll
    static void stop() {
        Simulators.stop(simulator);
    }

    private static JsonObject data(GraphQlOperation operation) throws Exception {
        JsonObject body = new JsonObject().put("query", operation.document()).put("variables", operation.variables())
                .put("operationName", operation.name());
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + simulator.port() + "/" + SHOP + "/admin/api/2026-07/graphql.json"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(response.body()).getJsonObject("data");
    }

    @Test
    void queryAsksForTheOrderByGid() {
        GraphQlOperation query = OrderRefreshQuery.query(ORDER);

        assertThat(query.name()).isEqualTo("OrderRefresh");
        assertThat(query.mutation()).isFalse();
        assertThat(query.variables().getString("id")).isEqualTo("gid://shopify/Order/6123456789012");
        assertThat(query.document()).contains("order(id: $id)", "lineItems(first: 250)", "originalUnitPriceSet");
    }

    @Test
    void mapsEveryFieldOfTheSimulatorsAnswer() throws Exception {
        OrderPayload order = OrderRefreshQuery.toPayload(data(OrderRefreshQuery.query(ORDER)));

        assertThat(order.id()).isEqualTo(ORDER);
        assertThat(order.name()).isEqualTo("#1001");
        assertThat(order.orderNumber()).isNull();
        assertThat(order.email()).isEqualTo("maya.okafor@example.com");
        assertThat(order.financialStatus()).isEqualTo("paid");
        assertThat(order.fulfillmentStatus()).isEqualTo("partial");
        assertThat(order.currency()).isEqualTo("USD");
        assertThat(order.subtotalPrice()).isEqualByComparingTo("64.00");
        assertThat(order.totalPrice()).isEqualByComparingTo("73.00");
        assertThat(order.totalTax()).isEqualByComparingTo("4.00");
        assertThat(order.totalDiscounts()).isEqualByComparingTo("0.00");
        assertThat(order.tags()).isEqualTo("vip, wholesale");
        assertThat(order.customerId()).isEqualTo(7612345678901L);
        assertThat(order.createdAt()).isEqualTo(OffsetDateTime.parse("2026-08-14T15:21:07Z"));
        assertThat(order.updatedAt()).isEqualTo(OffsetDateTime.parse("2026-08-14T15:21:09Z"));
        assertThat(order.cancelledAt()).isNull();
        assertThat(order.cancelReason()).isNull();
        assertThat(order.closedAt()).isNull();
        assertThat(order.lineItems()).containsExactly(
                new OrderPayload.LineItem(15012345678901L, 8123456789012L, 44123456789012L, "SOCK-TR-M",
                        "Trail Runner Sock", 2, new BigDecimal("16.00")),
                new OrderPayload.LineItem(15012345678902L, 8123456789013L, 44123456789020L, "BTL-750-BLK",
                        "Insulated Bottle 750ml", 1, new BigDecimal("32.00")));
        assertThat(order.units()).isEqualTo(3);
    }

    @Test
    void agreesWithTheWebhooksOwnParseButForTheOrderNumber() throws Exception {
        OrderPayload refreshed = OrderRefreshQuery.toPayload(data(OrderRefreshQuery.query(ORDER)));
        OrderPayload webhook = OrderPayload.parse(sample);

        assertThat(refreshed.updatedAt().toInstant()).isEqualTo(webhook.updatedAt().toInstant());
        assertThat(refreshed.createdAt().toInstant()).isEqualTo(webhook.createdAt().toInstant());
        assertThat(refreshed).usingRecursiveComparison()
                .ignoringFields("orderNumber", "tags", "fulfillmentStatus", "createdAt", "updatedAt")
                .isEqualTo(webhook);
    }

    @Test
    void cancelledOrderMapsReasonAndTimesBack() {
        JsonObject data = new JsonObject().put("order", new JsonObject().put("id", "gid://shopify/Order/5")
                .put("displayFinancialStatus", "REFUNDED").put("displayFulfillmentStatus", "UNFULFILLED")
                .put("cancelReason", "CUSTOMER").put("cancelledAt", "2026-08-15T19:05:41Z")
                .put("closedAt", "2026-08-15T19:05:42Z").put("updatedAt", "2026-08-15T19:05:42Z")
                .putNull("customer").put("tags", new io.vertx.core.json.JsonArray()));

        OrderPayload order = OrderRefreshQuery.toPayload(data);

        assertThat(order.id()).isEqualTo(5);
        assertThat(order.financialStatus()).isEqualTo("refunded");
        assertThat(order.fulfillmentStatus()).isNull();
        assertThat(order.cancelReason()).isEqualTo("customer");
        assertThat(order.cancelledAt()).isEqualTo(OffsetDateTime.parse("2026-08-15T19:05:41Z"));
        assertThat(order.closedAt()).isEqualTo(OffsetDateTime.parse("2026-08-15T19:05:42Z"));
        assertThat(order.customerId()).isNull();
        assertThat(order.tags()).isEmpty();
        assertThat(order.lineItems()).isEmpty();
    }

    @Test
    void unknownOrderIsNull() {
        assertThat(OrderRefreshQuery.toPayload(new JsonObject().putNull("order"))).isNull();
    }
}
