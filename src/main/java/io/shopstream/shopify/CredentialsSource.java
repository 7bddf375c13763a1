package io.shopstream.shopify;

import io.smallrye.mutiny.Uni;

/**
 * Where the client gets a shop's credentials and whether the app is installed on the shop, and reports that Shopify
 * refused them.
 */
public interface CredentialsSource {

    /** Whether the app is installed on the shop, and its credentials (null when none are known). */
    record Access(boolean active, ShopCredentials credentials) {
    }

    /** The shop's credentials, or a null item when none are known. */
    Uni<ShopCredentials> credentials(String shop);

    /**
     * False when the app was uninstalled from the shop and not installed again since: the client then refuses calls
     * to the shop ({@link ShopUninstalledException}) without contacting Shopify. Answers may be cached briefly.
     */
    Uni<Boolean> active(String shop);

    /**
     * {@link #active} and, when active, {@link #credentials}: the client asks before every attempt, so a source that
     * holds both at once should answer in one step.
     */
    default Uni<Access> access(String shop) {
        return active(shop).chain(active -> active ? credentials(shop).map(creds -> new Access(true, creds))
                : Uni.createFrom().item(new Access(false, null)));
    }

    /** Shopify answered 401/403: stop calling the shop until new credentials are stored. Never fails. */
    void markInvalid(String shop, String correlationId);
}
