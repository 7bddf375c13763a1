package io.shopstream.shopify;

/**
 * The app is uninstalled from the shop ({@code app/uninstalled}, not installed again since): the client sends
 * nothing to it. Storing new credentials ({@code PUT /admin/shops/{domain}/credentials}) marks the shop installed
 * again.
 */
public class ShopUninstalledException extends ShopifyApiException {

    public ShopUninstalledException(String shop, String operation) {
        super(shop, operation, "the app is uninstalled from the shop; store new credentials after a reinstall");
    }
}
