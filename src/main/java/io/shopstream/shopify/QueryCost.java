package io.shopstream.shopify;

/**
 * {@code extensions.cost} of a GraphQL response. {@code actualQueryCost} is null when the request was not executed
 * (throttled).
 */
public record QueryCost(double requestedQueryCost, Double actualQueryCost, ThrottleStatus throttleStatus) {
}
