package io.shopstream.ingest;

import java.util.List;

import io.smallrye.config.ConfigMapping;

/** How Shopify's webhooks are authenticated. */
@ConfigMapping(prefix = "shopstream.webhook")
public interface WebhookConfig {

    /**
     * The app's client secrets, current first, then any being rotated out. No default in production: Shopstream
     * refuses to start without one. Never logged.
     */
    List<String> secrets();
}
