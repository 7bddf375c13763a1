package io.shopstream.orders;

import static io.shopstream.support.json.ShopifyJson.*;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopstream.processing.PoisonRecordException;
import io.shopstream.support.json.ShopifyJson.Projection;

/** The fields of a Shopify order webhook that Shopstream keeps (orders/create, updated, paid, cancelled, ...). */
public record OrderPayload(
        long id,
        String name,
        Long orderNumber,
        String email,
        String financialStatus,
        String fulfillmentStatus,
        String currency,
        BigDecimal subtotalPrice,
        BigDecimal totalPrice,
        BigDecimal totalTax,
        BigDecimal totalDiscounts,
        String tags,
        Long customerId,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime cancelledAt,
        String cancelReason,
        OffsetDateTime closedAt,
        List<LineItem> lineItems) {

    public record LineItem(long id, Long productId, Long variantId, String sku, String title, int quantity,
            BigDecimal price) {
    }

    /** What {@link #from} reads: parsing a webhook with it skips everything else. */
    public static final Projection FIELDS = Projection.of("id", "name", "order_number", "email", "financial_status",
            "fulfillment_status", "currency", "subtotal_price", "total_price", "total_tax", "total_discounts", "tags",
            "created_at", "updated_at", "cancelled_at", "cancel_reason", "closed_at")
            .with("customer", Projection.of("id"))
            .with("line_items", Projection.of("id", "product_id", "variant_id", "sku", "title", "quantity", "price"));

    public static OrderPayload parse(byte[] body) {
        return from(parseObject(body, FIELDS));
    }

    public static OrderPayload from(JsonNode order) {
        JsonNode customer = order.get("customer");
        JsonNode items = order.get("line_items");
        if (items != null && !items.isNull() && !items.isArray()) {
            throw new PoisonRecordException("'line_items' is not an array");
        }
        List<LineItem> lineItems = new ArrayList<>();
        if (items != null) {
            for (JsonNode item : items) {
                Integer quantity = integer(item, "quantity");
                lineItems.add(new LineItem(requiredId(item, "id"), optionalId(item, "product_id"),
                        optionalId(item, "variant_id"), text(item, "sku"), text(item, "title"),
                        quantity == null ? 0 : quantity, money(item, "price")));
            }
        }
        return new OrderPayload(
                requiredId(order, "id"),
                text(order, "name"),
                optionalId(order, "order_number"),
                text(order, "email"),
                text(order, "financial_status"),
                text(order, "fulfillment_status"),
                text(order, "currency"),
                money(order, "subtotal_price"),
                money(order, "total_price"),
                money(order, "total_tax"),
                money(order, "total_discounts"),
                text(order, "tags"),
                customer == null || customer.isNull() ? null : optionalId(customer, "id"),
                time(order, "created_at"),
                requiredTime(order, "updated_at"),
                time(order, "cancelled_at"),
                text(order, "cancel_reason"),
                time(order, "closed_at"),
                List.copyOf(lineItems));
    }

    public int units() {
        return lineItems.stream().mapToInt(LineItem::quantity).sum();
    }
}
