package io.shopstream.shops;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Per-shop credentials from configuration, for small setups:
 * {@code shopstream.shops."example.myshopify.com".access-token} (from the environment or a Kubernetes Secret).
 * The shop_credentials table, filled through the admin API, wins over these.
 */
@ConfigMapping(prefix = "shopstream.shops")
public interface ShopsConfig {

    @WithParentName
    Map<String, Shop> shops();

    interface Shop {
        Optional<String> accessToken();

        /** standard, advanced, plus, enterprise, or a plan of shopstream.shopify.plan-defaults. */
        Optional<String> plan();
    }
}
