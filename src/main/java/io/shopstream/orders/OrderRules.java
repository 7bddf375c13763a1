package io.shopstream.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.shopstream.shopify.Gids;
import io.shopstream.processing.Delivery;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The order write-back rules (high value, repeat customer, first order): for an applied order change, the tags the
 * order should carry and the enrichment metafield to store, compared with what the order already has. Pure.
 * <p>
 * Echoes: Shopify answers our own write with {@code orders/updated}; that order already has the tags, and its
 * enrichment equals the metafield value asked for last ({@code order_writebacks}), so it asks for nothing again.
 */
public final class OrderRules {

    public static final String KIND = "order-tags";

    private final WriteBackConfig.OrderRules config;

    public OrderRules(WriteBackConfig.OrderRules config) {
        this.config = config;
    }

    /** What to ask Shopify for an order, or null when it already holds what the rules want. */
    public record Wanted(WriteBack writeBack, List<String> tags, String metafieldValue) {
    }

    public Wanted evaluate(Delivery delivery, EnrichedOrderEvent order, String lastMetafieldValue) {
        if (!config.enabled()) {
            return null;
        }
        List<String> matched = matched(order);
        if (matched.isEmpty()) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (String tag : matched) {
            if (order.tags().stream().noneMatch(tag::equalsIgnoreCase)) {
                missing.add(tag);
            }
        }
        String value = config.metafield().enabled() ? enrichment(order, matched).encode() : null;
        boolean metafieldChanged = value != null && !value.equals(lastMetafieldValue);
        if (missing.isEmpty() && !metafieldChanged) {
            return null;
        }
        JsonObject data = new JsonObject().put("order_id", order.orderId()).put("tags", new JsonArray(missing));
        if (metafieldChanged) {
            data.put("metafield", new JsonObject().put("namespace", config.metafield().namespace())
                    .put("key", config.metafield().key()).put("type", "json").put("value", value));
        }
        WriteBack writeBack = new WriteBack(delivery.webhookId() + '/' + KIND + '/' + order.orderId(), KIND,
                delivery.shopDomain(), Gids.of("Order", order.orderId()), delivery.correlationId(), Instant.now(), data);
        return new Wanted(writeBack, matched, value);
    }

    List<String> matched(EnrichedOrderEvent order) {
        List<String> tags = new ArrayList<>(3);
        if (config.highValue().enabled() && order.totalPrice() != null
                && new BigDecimal(order.totalPrice()).compareTo(config.highValue().threshold()) >= 0) {
            tags.add(config.highValue().tag());
        }
        EnrichedOrderEvent.Customer customer = order.customer();
        if (customer != null && config.repeatCustomer().enabled()
                && customer.orderCount() >= config.repeatCustomer().minimumOrders()) {
            tags.add(config.repeatCustomer().tag());
        }
        if (customer != null && config.firstOrder().enabled() && customer.firstOrder()) {
            tags.add(config.firstOrder().tag());
        }
        return tags;
    }

    /** The metafield's value: facts of the order and its customer, and the rules it crossed. */
    static JsonObject enrichment(EnrichedOrderEvent order, List<String> matched) {
        JsonObject value = new JsonObject().put("schema_version", 1).put("rules", new JsonArray(matched))
                .put("units", order.units()).put("line_count", order.lineCount())
                .put("discount_ratio", order.discountRatio()).put("refunded_amount", order.refundedAmount())
                .put("net_revenue", order.netRevenue());
        if (order.customer() != null) {
            value.put("customer_order_count", order.customer().orderCount())
                    .put("customer_lifetime_spend", order.customer().lifetimeSpend())
                    .put("first_order", order.customer().firstOrder());
        }
        return value;
    }
}
