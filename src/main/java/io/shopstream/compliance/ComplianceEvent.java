package io.shopstream.compliance;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.shopstream.support.outbox.EventSource;

/**
 * {@code shopstream.compliance.v1}: a fulfilled privacy request, so downstream consumers can erase their copies
 * ({@code customer-redacted}, {@code shop-erased}) or learn that an export is ready ({@code data-request-ready}).
 * Carries Shopify ids and counts, never contact details. Schema:
 * {@code src/main/resources/schemas/compliance-v1.schema.json}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComplianceEvent(
        int schemaVersion,
        String type,
        String shopDomain,
        Long customerId,
        List<Long> orderIds,
        Long dataRequestId,
        String exportId,
        String exportPath,
        String expiresAt,
        Map<String, Long> records,
        String fulfilledAt,
        EventSource source) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TOPIC = "shopstream.compliance.v1";
    public static final String CUSTOMER_REDACTED = "customer-redacted";
    public static final String DATA_REQUEST_READY = "data-request-ready";
    public static final String SHOP_ERASED = "shop-erased";

    /** {@code io.shopstream.compliance.<type>.v1}. */
    public static String ceType(String type) {
        return "io.shopstream.compliance." + type + ".v1";
    }
}
