package io.shopstream.shopify;

import io.smallrye.mutiny.Uni;

/**
 * Where the client gets a shop's credentials and whether the app is installed on the shop, and reports that Shopify
 * refused them.
 */
public interface CredentialsSource {

    /** The shop's credentials, or a null item when none are known. */
    Uni<ShopCredentials> credentials(String shop);

    /**
     * False when the app was uninstalled from the shop and not installed again since: the client then refuses calls
     * to the shop ({@link ShopUninstalledException}) without contacting Shopify. Answers may be cached briefly.
     */
    Uni<Boolean> active(String shop);

    /** Shopify answered 401/403: stop calling the shop until new credentials are stored. Never fails. */
    void markInvalid(String shop, String correlationId);
}
