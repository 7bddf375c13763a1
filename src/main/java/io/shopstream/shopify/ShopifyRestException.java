package io.shopstream.shopify;

/** A REST call answered with a client error (4xx other than 401/403/429): permanent, never retried. */
public class ShopifyRestException extends ShopifyApiException {

    private final int status;

    public ShopifyRestException(String shop, String operation, int status) {
        super(shop, operation, "HTTP " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
