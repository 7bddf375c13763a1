package io.shopstream.shopify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads Shopify's GraphQL response bodies: cost, top-level errors, userErrors. Pure. */
final class GraphQlBodies {

    static final String THROTTLED = "THROTTLED";
    static final String MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED";

    private GraphQlBodies() {
    }

    /** {@code extensions.cost}, or null when absent or malformed. */
    static QueryCost cost(JsonObject body) {
        JsonObject extensions = body.getValue("extensions") instanceof JsonObject e ? e : null;
        JsonObject cost = extensions == null || !(extensions.getValue("cost") instanceof JsonObject c) ? null : c;
        if (cost == null || !(cost.getValue("requestedQueryCost") instanceof Number requested)) {
            return null;
        }
        Double actual = cost.getValue("actualQueryCost") instanceof Number n ? n.doubleValue() : null;
        ThrottleStatus status = null;
        if (cost.getValue("throttleStatus") instanceof JsonObject t
                && t.getValue("maximumAvailable") instanceof Number max
                && t.getValue("currentlyAvailable") instanceof Number current
                && t.getValue("restoreRate") instanceof Number rate && rate.doubleValue() > 0) {
            status = new ThrottleStatus(max.doubleValue(), current.doubleValue(), rate.doubleValue());
        }
        return new QueryCost(requested.doubleValue(), actual, status);
    }

    static List<GraphQlError> errors(JsonObject body) {
        if (!(body.getValue("errors") instanceof JsonArray array)) {
            return List.of();
        }
        List<GraphQlError> errors = new ArrayList<>();
        for (Object item : array) {
            if (item instanceof JsonObject error) {
                JsonObject extensions = error.getValue("extensions") instanceof JsonObject e ? e : new JsonObject();
                errors.add(new GraphQlError(extensions.getValue("code") instanceof String code ? code : null,
                        error.getValue("message") instanceof String m ? m : null, extensions));
            }
        }
        return errors;
    }

    static boolean has(List<GraphQlError> errors, String code) {
        return errors.stream().anyMatch(e -> code.equals(e.code()));
    }

    /** The first field of {@code data} with a non-empty {@code userErrors} list, with the errors; null if none. */
    static Map.Entry<String, List<UserError>> userErrors(JsonObject data) {
        if (data == null) {
            return null;
        }
        for (Map.Entry<String, Object> field : data) {
            if (field.getValue() instanceof JsonObject payload
                    && payload.getValue("userErrors") instanceof JsonArray array && !array.isEmpty()) {
                List<UserError> errors = new ArrayList<>();
                for (Object item : array) {
                    if (item instanceof JsonObject error) {
                        errors.add(userError(error));
                    }
                }
                return Map.entry(field.getKey(), errors);
            }
        }
        return null;
    }

    private static UserError userError(JsonObject error) {
        List<String> path = null;
        if (error.getValue("field") instanceof JsonArray field) {
            path = new ArrayList<>();
            for (Object part : field) {
                path.add(String.valueOf(part));
            }
        }
        return new UserError(path, error.getValue("message") instanceof String m ? m : null,
                error.getValue("code") instanceof String c ? c : null,
                error.getValue("elementIndex") instanceof Number i ? i.intValue() : null);
    }
}
