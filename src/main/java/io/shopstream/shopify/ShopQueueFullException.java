package io.shopstream.shopify;

/** A shop already has the configured maximum of requests waiting for its rate limit; nothing was sent. */
public class ShopQueueFullException extends ShopifyApiException {

    public ShopQueueFullException(String shop, String operation, int maxQueued) {
        super(shop, operation, "the shop already has " + maxQueued
                + " Admin API requests waiting for its rate limit (shopstream.shopify.max-queued-per-shop)");
    }
}
