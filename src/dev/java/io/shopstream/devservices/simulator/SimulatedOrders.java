package io.shopstream.devservices.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An order in its two shapes: the REST/webhook payload (as in {@code orders/create}) that seeds it and that the echoed
 * {@code orders/updated} carries, and the Admin GraphQL view that {@code order(id:)} answers (times in UTC, enums
 * upper-cased, money as {@code {shopMoney {amount currencyCode}}}, ids as gids). Pure functions.
 */
final class SimulatedOrders {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private SimulatedOrders() {
    }

    /** True for the REST/webhook shape: a numeric {@code id} or an {@code admin_graphql_api_id}. */
    static boolean webhookShaped(JsonObject order) {
        return order.getValue("id") instanceof Number || order.containsKey("admin_graphql_api_id");
    }

    static String gid(JsonObject rest) {
        String gid = rest.getString("admin_graphql_api_id");
        return gid != null ? gid : "gid://shopify/Order/" + rest.getValue("id");
    }

    /** The tags of a webhook payload: Shopify's comma-separated string (or an array). */
    static JsonArray tags(Object tags) {
        JsonArray list = new JsonArray();
        if (tags instanceof String text) {
            for (String tag : text.split(",")) {
                if (!tag.isBlank()) {
                    list.add(tag.trim());
                }
            }
        } else if (tags instanceof JsonArray array) {
            array.forEach(tag -> list.add(String.valueOf(tag)));
        }
        return list;
    }

    /** The GraphQL view of a webhook-shaped order, without tags and metafields (the shop keeps those). */
    static JsonObject view(JsonObject rest) {
        String currency = rest.getString("currency");
        JsonObject customer = rest.getValue("customer") instanceof JsonObject c && c.getValue("id") != null
                ? new JsonObject().put("id", "gid://shopify/Customer/" + c.getValue("id"))
                : null;
        JsonArray items = new JsonArray();
        if (rest.getValue("line_items") instanceof JsonArray lineItems) {
            for (Object value : lineItems) {
                items.add(lineItem((JsonObject) value, currency));
            }
        }
        String fulfillment = rest.getString("fulfillment_status");
        return new JsonObject()
                .put("id", gid(rest))
                .put("legacyResourceId", String.valueOf(rest.getValue("id")))
                .put("name", rest.getString("name"))
                .put("email", rest.getString("email"))
                .put("displayFinancialStatus", upper(rest.getString("financial_status")))
                .put("displayFulfillmentStatus", fulfillment == null ? "UNFULFILLED"
                        : "partial".equals(fulfillment) ? "PARTIALLY_FULFILLED" : upper(fulfillment))
                .put("currencyCode", currency)
                .put("subtotalPriceSet", money(rest, "subtotal_price", currency))
                .put("totalPriceSet", money(rest, "total_price", currency))
                .put("totalTaxSet", money(rest, "total_tax", currency))
                .put("totalDiscountsSet", money(rest, "total_discounts", currency))
                .put("customer", customer)
                .put("createdAt", utc(rest.getString("created_at")))
                .put("updatedAt", utc(rest.getString("updated_at")))
                .put("cancelledAt", utc(rest.getString("cancelled_at")))
                .put("cancelReason", upper(rest.getString("cancel_reason")))
                .put("closedAt", utc(rest.getString("closed_at")))
                .put("lineItems", new JsonObject().put("nodes", items));
    }

    /** The REST shape of an order seeded in the GraphQL shape: what an echo can say about it. */
    static JsonObject restOf(JsonObject view) {
        String gid = view.getString("id");
        return new JsonObject().put("id", gid == null ? null : legacyId(gid)).put("admin_graphql_api_id", gid)
                .put("name", view.getString("name"))
                .put("email", view.getString("email"))
                .put("financial_status", lower(view.getString("displayFinancialStatus")))
                .put("updated_at", view.getString("updatedAt"));
    }

    /** The {@code orders/updated} payload: the stored order, its current tags, the view's {@code updatedAt}. */
    static JsonObject webhook(JsonObject rest, String updatedAt, Collection<String> tags) {
        return rest.copy().put("tags", String.join(", ", tags))
                .put("updated_at", inOffsetOf(rest.getString("updated_at"), updatedAt));
    }

    /** A time after {@code previous} (UTC, seconds): now, or a second later when now is not later. */
    static String after(String previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (previous != null) {
            Instant last = OffsetDateTime.parse(previous).toInstant();
            if (!now.isAfter(last)) {
                now = last.plusSeconds(1);
            }
        }
        return now.toString();
    }

    /** {@code utc} written in the offset of {@code original} (the shop's time zone), as Shopify's payloads are. */
    static String inOffsetOf(String original, String utc) {
        if (utc == null) {
            return original;
        }
        ZoneOffset offset = original == null ? ZoneOffset.UTC : OffsetDateTime.parse(original).getOffset();
        return SECONDS.format(OffsetDateTime.parse(utc).toInstant().atOffset(offset));
    }

    private static JsonObject lineItem(JsonObject item, String currency) {
        String gid = item.getString("admin_graphql_api_id");
        return new JsonObject()
                .put("id", gid != null ? gid : "gid://shopify/LineItem/" + item.getValue("id"))
                .put("sku", item.getString("sku"))
                .put("title", item.getString("title"))
                .put("quantity", item.getInteger("quantity", 0))
                .put("product", reference("Product", item.getValue("product_id")))
                .put("variant", reference("ProductVariant", item.getValue("variant_id")))
                .put("originalUnitPriceSet", money(item, "price", currency));
    }

    private static JsonObject reference(String type, Object id) {
        return id == null ? null : new JsonObject().put("id", "gid://shopify/" + type + "/" + id);
    }

    /** {@code field} (e.g. {@code "64.00"}), or else the shop money of {@code field_set}. */
    private static JsonObject money(JsonObject rest, String field, String currency) {
        Object amount = rest.getValue(field);
        if (amount == null && rest.getValue(field + "_set") instanceof JsonObject set
                && set.getValue("shop_money") instanceof JsonObject shopMoney) {
            amount = shopMoney.getValue("amount");
            currency = shopMoney.getString("currency_code", currency);
        }
        if (amount == null) {
            return null;
        }
        return new JsonObject().put("shopMoney",
                new JsonObject().put("amount", String.valueOf(amount)).put("currencyCode", currency));
    }

    /** The numeric id of a gid; the gid's last segment as is when a test seeded a non-numeric one. */
    static Object legacyId(String gid) {
        String last = gid.substring(gid.lastIndexOf('/') + 1);
        try {
            return Long.parseLong(last);
        } catch (NumberFormatException e) {
            return last;
        }
    }

    static String utc(String time) {
        return time == null ? null : OffsetDateTime.parse(time).toInstant().toString();
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
