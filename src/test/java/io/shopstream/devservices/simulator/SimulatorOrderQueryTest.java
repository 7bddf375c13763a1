package io.shopstream.devservices.simulator;

import static io.shopstream.devservices.simulator.SimulatorClient.ORDER;
import static io.shopstream.devservices.simulator.SimulatorClient.TAGS_ADD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Orders seeded in the webhook shape answer {@code order(id:)} in the Admin GraphQL shape, edits and writes included. */
class SimulatorOrderQueryTest {

    @RegisterExtension
    static final SimulatorClient client = new SimulatorClient();

    private static final String QUERY = "query OrderRefresh($id: ID!) { order(id: $id) { id legacyResourceId name "
            + "email displayFinancialStatus displayFulfillmentStatus currencyCode "
            + "totalPriceSet { shopMoney { amount currencyCode } } tags customer { id } createdAt updatedAt "
            + "lineItems(first: 250) { nodes { id sku title quantity product { id } variant { id } "
            + "originalUnitPriceSet { shopMoney { amount } } } } } }";

    private static JsonObject sample() {
        return SimulatorClient.resource("/shopify/webhooks/orders-create.json");
    }

    private static JsonObject order(String shop) {
        return client.graphql(shop, QUERY, new JsonObject().put("id", ORDER)).getJsonObject("data")
                .getJsonObject("order");
    }

    @Test
    void answersAWebhookShapedOrderInTheGraphQlShape() {
        client.simulator().shop("graphql.myshopify.com").order(sample().put("tags", "vip, wholesale"));

        JsonObject order = order("graphql.myshopify.com");

        assertThat(order.getString("id")).isEqualTo(ORDER);
        assertThat(order.getString("legacyResourceId")).isEqualTo("6123456789012");
        assertThat(order.getString("name")).isEqualTo("#1001");
        assertThat(order.getString("email")).isEqualTo("maya.okafor@example.com");
        assertThat(order.getString("displayFinancialStatus")).isEqualTo("PAID");
        assertThat(order.getString("displayFulfillmentStatus")).isEqualTo("UNFULFILLED");
        assertThat(order.getString("currencyCode")).isEqualTo("USD");
        assertThat(order.getJsonObject("totalPriceSet").getJsonObject("shopMoney"))
                .isEqualTo(new JsonObject().put("amount", "73.00").put("currencyCode", "USD"));
        assertThat(order.getJsonObject("subtotalPriceSet").getJsonObject("shopMoney").getString("amount"))
                .isEqualTo("64.00");
        assertThat(order.getJsonObject("totalTaxSet").getJsonObject("shopMoney").getString("amount"))
                .isEqualTo("4.00");
        assertThat(order.getJsonObject("totalDiscountsSet").getJsonObject("shopMoney").getString("amount"))
                .isEqualTo("0.00");
        assertThat(order.getJsonArray("tags")).containsExactly("vip", "wholesale");
        assertThat(order.getJsonObject("customer").getString("id")).isEqualTo("gid://shopify/Customer/7612345678901");
        assertThat(order.getString("createdAt")).isEqualTo("2026-08-14T15:21:07Z");
        assertThat(order.getString("updatedAt")).isEqualTo("2026-08-14T15:21:09Z");
        assertThat(order.getValue("cancelledAt")).isNull();
        assertThat(order.getValue("cancelReason")).isNull();
        assertThat(order.getValue("closedAt")).isNull();
        JsonArray items = order.getJsonObject("lineItems").getJsonArray("nodes");
        assertThat(items).hasSize(2);
        JsonObject first = items.getJsonObject(0);
        assertThat(first.getString("id")).isEqualTo("gid://shopify/LineItem/15012345678901");
        assertThat(first.getString("sku")).isEqualTo("SOCK-TR-M");
        assertThat(first.getString("title")).isEqualTo("Trail Runner Sock");
        assertThat(first.getInteger("quantity")).isEqualTo(2);
        assertThat(first.getJsonObject("product").getString("id")).isEqualTo("gid://shopify/Product/8123456789012");
        assertThat(first.getJsonObject("variant").getString("id"))
                .isEqualTo("gid://shopify/ProductVariant/44123456789012");
        assertThat(first.getJsonObject("originalUnitPriceSet").getJsonObject("shopMoney").getString("amount"))
                .isEqualTo("16.00");
    }

    @Test
    void unknownOrderIsNull() {
        client.simulator().shop("none.myshopify.com");

        JsonObject data = client.graphql("none.myshopify.com", QUERY, new JsonObject().put("id", ORDER))
                .getJsonObject("data");

        assertThat(data.containsKey("order")).isTrue();
        assertThat(data.getValue("order")).isNull();
    }

    @Test
    void seedRouteTakesTheWebhookShape() {
        JsonObject seed = new JsonObject().put("orders", new JsonArray().add(sample()));

        assertThat(client.send("PUT", "/_simulator/shops/seeded.myshopify.com", seed).statusCode()).isEqualTo(204);

        JsonObject order = order("seeded.myshopify.com");
        assertThat(order.getString("legacyResourceId")).isEqualTo("6123456789012");
        assertThat(order.getJsonArray("tags")).isEmpty();
        assertThat(order.getJsonObject("lineItems").getJsonArray("nodes")).hasSize(2);
    }

    @Test
    void tagsAddedShowUpAndEveryWriteMovesUpdatedAtForward() {
        client.simulator().shop("writes.myshopify.com").order(sample());
        Instant seeded = Instant.parse(order("writes.myshopify.com").getString("updatedAt"));

        client.graphql("writes.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("shopstream-synced")));
        JsonObject afterFirst = order("writes.myshopify.com");
        client.graphql("writes.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("vip")));
        JsonObject afterSecond = order("writes.myshopify.com");

        assertThat(afterSecond.getJsonArray("tags")).containsExactly("shopstream-synced", "vip");
        Instant first = Instant.parse(afterFirst.getString("updatedAt"));
        Instant second = Instant.parse(afterSecond.getString("updatedAt"));
        assertThat(first).isAfter(seeded);
        assertThat(second).isAfter(first);
    }

    @Test
    void aMerchantsEditReplacesLineItemsAndTotals() {
        SimulatedShop shop = client.simulator().shop("edit.myshopify.com").order(sample().put("tags", "vip"));
        JsonObject bottleOnly = sample().getJsonArray("line_items").getJsonObject(1).copy().put("quantity", 2);
        Instant before = Instant.parse(order("edit.myshopify.com").getString("updatedAt"));

        shop.editOrder(ORDER, new JsonObject().put("line_items", new JsonArray().add(bottleOnly))
                .put("subtotal_price", "64.00").put("total_price", "73.00"));

        JsonObject order = order("edit.myshopify.com");
        JsonArray items = order.getJsonObject("lineItems").getJsonArray("nodes");
        assertThat(items).hasSize(1);
        assertThat(items.getJsonObject(0).getString("sku")).isEqualTo("BTL-750-BLK");
        assertThat(items.getJsonObject(0).getInteger("quantity")).isEqualTo(2);
        assertThat(order.getJsonArray("tags")).containsExactly("vip");
        assertThat(Instant.parse(order.getString("updatedAt"))).isAfter(before);
    }

    @Test
    void editRouteEditsTheOrderAndAnswers404ForAnUnknownOne() {
        client.simulator().shop("edit-route.myshopify.com").order(sample());

        int edited = client.send("POST", "/_simulator/shops/edit-route.myshopify.com/orders/6123456789012/edit",
                new JsonObject().put("total_price", "99.50").put("financial_status", "partially_refunded"))
                .statusCode();
        int unknown = client.send("POST", "/_simulator/shops/edit-route.myshopify.com/orders/1/edit",
                new JsonObject().put("total_price", "1.00")).statusCode();

        assertThat(edited).isEqualTo(204);
        assertThat(unknown).isEqualTo(404);
        JsonObject order = order("edit-route.myshopify.com");
        assertThat(order.getJsonObject("totalPriceSet").getJsonObject("shopMoney").getString("amount"))
                .isEqualTo("99.50");
        assertThat(order.getString("displayFinancialStatus")).isEqualTo("PARTIALLY_REFUNDED");
    }
}
