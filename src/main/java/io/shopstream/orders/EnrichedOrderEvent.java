package io.shopstream.orders;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.shopstream.support.outbox.EventSource;

/**
 * {@code shopstream.orders.enriched.v1}: an order as stored after an applied change, with facts derived from the
 * database at that moment. Money is a decimal string in the order's currency. Schema:
 * {@code src/main/resources/schemas/orders-enriched-v1.schema.json}; additions are backwards compatible, anything
 * else is a new topic version.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EnrichedOrderEvent(
        int schemaVersion,
        String shopDomain,
        long orderId,
        String name,
        Long orderNumber,
        String financialStatus,
        String fulfillmentStatus,
        String currency,
        String subtotalPrice,
        String totalPrice,
        String totalTax,
        String totalDiscounts,
        List<String> tags,
        String createdAt,
        String updatedAt,
        String cancelledAt,
        String closedAt,
        int units,
        int lineCount,
        String discountRatio,
        String refundedAmount,
        String netRevenue,
        Customer customer,
        EventSource source) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TOPIC = "shopstream.orders.enriched.v1";
    public static final String CE_TYPE = "io.shopstream.order.enriched.v1";

    /** The customer's history in this shop, counting this order; null for a guest checkout. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Customer(long id, long orderCount, String lifetimeSpend, boolean firstOrder) {
    }

}
