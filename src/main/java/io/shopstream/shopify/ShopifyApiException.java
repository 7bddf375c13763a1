package io.shopstream.shopify;

/**
 * Base of the client's typed failures. Messages name the shop and the operation, never a token or a request body.
 */
public class ShopifyApiException extends RuntimeException {

    private final String shop;
    private final String operation;

    public ShopifyApiException(String shop, String operation, String message) {
        super(shop + " " + operation + ": " + message, null, false, false);
        this.shop = shop;
        this.operation = operation;
    }

    public String shop() {
        return shop;
    }

    public String operation() {
        return operation;
    }
}
