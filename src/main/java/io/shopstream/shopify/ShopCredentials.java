package io.shopstream.shopify;

import java.time.Instant;

/**
 * What the client needs to call a shop: its token (redacted in {@code toString()}), plan, where they came from, and
 * since when Shopify refuses the token (null while valid).
 */
public record ShopCredentials(String shop, AccessToken token, String plan, Source source, Instant invalidSince) {

    public enum Source {
        TABLE, CONFIG
    }

    public boolean invalid() {
        return invalidSince != null;
    }

    public ShopCredentials invalidated(Instant since) {
        return new ShopCredentials(shop, token, plan, source, since);
    }
}
