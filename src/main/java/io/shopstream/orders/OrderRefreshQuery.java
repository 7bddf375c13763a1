package io.shopstream.orders;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.shopstream.shopify.Gids;
import io.shopstream.shopify.GraphQlOperation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Re-reads an order from the Admin GraphQL API (after {@code orders/edited}, whose payload lacks the new totals) and
 * maps the answer to the webhook's {@link OrderPayload}: enums back to the REST lower-case values, gids to numeric
 * ids. GraphQL has no {@code order_number}: the payload's {@code orderNumber} is null.
 */
public final class OrderRefreshQuery {

    public static final String NAME = "OrderRefresh";
    static final String DOCUMENT = "query OrderRefresh($id: ID!) { order(id: $id) { id legacyResourceId name email "
            + "displayFinancialStatus displayFulfillmentStatus currencyCode "
            + "subtotalPriceSet { shopMoney { amount currencyCode } } "
            + "totalPriceSet { shopMoney { amount currencyCode } } "
            + "totalTaxSet { shopMoney { amount currencyCode } } "
            + "totalDiscountsSet { shopMoney { amount currencyCode } } "
            + "tags customer { id } createdAt updatedAt cancelledAt cancelReason closedAt "
            + "lineItems(first: 250) { nodes { id sku title quantity product { id } variant { id } "
            + "originalUnitPriceSet { shopMoney { amount } } } } } }";

    private OrderRefreshQuery() {
    }

    public static GraphQlOperation query(long orderId) {
        return GraphQlOperation.query(NAME, DOCUMENT, new JsonObject().put("id", Gids.of("Order", orderId)));
    }

    /** The order in a response's {@code data}, or null when Shopify has no such order. */
    public static OrderPayload toPayload(JsonObject data) {
        JsonObject order = data == null ? null : data.getJsonObject("order");
        if (order == null) {
            return null;
        }
        List<OrderPayload.LineItem> lineItems = new ArrayList<>();
        JsonObject connection = order.getJsonObject("lineItems");
        JsonArray nodes = connection == null ? new JsonArray() : connection.getJsonArray("nodes", new JsonArray());
        for (int i = 0; i < nodes.size(); i++) {
            JsonObject item = nodes.getJsonObject(i);
            lineItems.add(new OrderPayload.LineItem(Gids.numericId(item.getString("id")), referenceId(item, "product"),
                    referenceId(item, "variant"), item.getString("sku"), item.getString("title"),
                    item.getInteger("quantity", 0), money(item, "originalUnitPriceSet")));
        }
        String legacy = order.getString("legacyResourceId");
        return new OrderPayload(
                legacy != null ? Long.parseLong(legacy) : Gids.numericId(order.getString("id")),
                order.getString("name"),
                null,
                order.getString("email"),
                lower(order.getString("displayFinancialStatus")),
                fulfillmentStatus(order.getString("displayFulfillmentStatus")),
                order.getString("currencyCode"),
                money(order, "subtotalPriceSet"),
                money(order, "totalPriceSet"),
                money(order, "totalTaxSet"),
                money(order, "totalDiscountsSet"),
                tags(order.getJsonArray("tags")),
                referenceId(order, "customer"),
                time(order, "createdAt"),
                time(order, "updatedAt"),
                time(order, "cancelledAt"),
                lower(order.getString("cancelReason")),
                time(order, "closedAt"),
                List.copyOf(lineItems));
    }

    /** REST's {@code fulfillment_status}: null while unfulfilled, {@code partial}, {@code fulfilled}, ... */
    private static String fulfillmentStatus(String display) {
        if (display == null || "UNFULFILLED".equals(display)) {
            return null;
        }
        return "PARTIALLY_FULFILLED".equals(display) ? "partial" : lower(display);
    }

    /** Shopify's tags string: comma and space separated, as in webhooks. */
    private static String tags(JsonArray tags) {
        if (tags == null) {
            return "";
        }
        List<String> list = new ArrayList<>();
        tags.forEach(tag -> list.add(String.valueOf(tag)));
        return String.join(", ", list);
    }

    private static Long referenceId(JsonObject parent, String field) {
        JsonObject reference = parent.getJsonObject(field);
        String gid = reference == null ? null : reference.getString("id");
        return gid == null ? null : Gids.numericId(gid);
    }

    private static BigDecimal money(JsonObject parent, String field) {
        JsonObject set = parent.getJsonObject(field);
        JsonObject shopMoney = set == null ? null : set.getJsonObject("shopMoney");
        Object amount = shopMoney == null ? null : shopMoney.getValue("amount");
        return amount == null ? null : new BigDecimal(String.valueOf(amount));
    }

    private static OffsetDateTime time(JsonObject parent, String field) {
        String value = parent.getString(field);
        return value == null ? null : OffsetDateTime.parse(value);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
