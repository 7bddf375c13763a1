package io.shopstream.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopstream.processing.PoisonRecordException;
import io.shopstream.support.json.ShopifyJson;

/**
 * The ids of a customers/redact or customers/data_request payload. The customer's e-mail and phone in the payload
 * are deliberately not read: Shopstream finds the customer's data by id and never stores contact details it was
 * sent in a privacy request.
 */
public record CustomerRequest(long customerId, List<Long> orderIds, Long dataRequestId) {

    /** SQL: the ids of the {@code :orders} parameter, bound to {@link #orderIdsJson()}. */
    static final String ORDER_IDS = "SELECT CAST(x.id AS bigint)"
            + " FROM jsonb_array_elements_text(CAST(CAST(:orders AS text) AS jsonb)) AS x(id)";

    public static CustomerRequest redaction(JsonNode payload) {
        return new CustomerRequest(customerId(payload), ids(payload, "orders_to_redact"), null);
    }

    public static CustomerRequest dataRequest(JsonNode payload) {
        JsonNode request = payload.get("data_request");
        Long requestId = request == null || request.isNull() ? null : ShopifyJson.optionalId(request, "id");
        return new CustomerRequest(customerId(payload), ids(payload, "orders_requested"), requestId);
    }

    /** The order ids as a JSON array, the form the SQL statements take a list in. */
    public String orderIdsJson() {
        return jsonArray(orderIds);
    }

    static String jsonArray(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    private static long customerId(JsonNode payload) {
        JsonNode customer = payload.get("customer");
        if (customer == null || !customer.isObject()) {
            throw new PoisonRecordException("missing 'customer'");
        }
        return ShopifyJson.requiredId(customer, "id");
    }

    private static List<Long> ids(JsonNode payload, String field) {
        JsonNode array = payload.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new PoisonRecordException("'" + field + "' is not an array");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : array) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new PoisonRecordException("'" + field + "' holds a non-integer id");
            }
            ids.add(id.asLong());
        }
        return List.copyOf(ids);
    }
}
