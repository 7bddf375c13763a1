package io.shopstream.shopify;

import io.vertx.core.json.JsonObject;

/**
 * A successful GraphQL response: {@code data} (no top-level errors, no userErrors), its cost, how many HTTP attempts
 * it took, and Shopify's {@code X-Request-Id} (quote it to Shopify support).
 */
public record GraphQlResponse(JsonObject data, QueryCost cost, int attempts, String requestId) {
}
