package io.shopstream.shopify;

/**
 * The shop has no usable access token: Shopify answered 401/403 (revoked, app uninstalled) or none is stored. Calls
 * to the shop fail fast with this until new credentials are stored ({@code PUT /admin/shops/{domain}/credentials}).
 */
public class ShopCredentialsInvalidException extends ShopifyApiException {

    public ShopCredentialsInvalidException(String shop, String operation, String reason) {
        super(shop, operation, reason);
    }
}
