package io.shopstream.shopify;

/** {@code extensions.cost.throttleStatus} of a GraphQL response: the shop's bucket as Shopify saw it. */
public record ThrottleStatus(double maximumAvailable, double currentlyAvailable, double restoreRate) {
}
