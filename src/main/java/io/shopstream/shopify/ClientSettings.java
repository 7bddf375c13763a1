package io.shopstream.shopify;

import java.time.Duration;

/** The client's settings, from {@link ShopifyConfig} in the application, built directly by benchmarks. */
public record ClientSettings(String apiVersion, String adminBaseUrl, Plans plans, int maxQueuedPerShop,
        double initialQueryCost, double mutationCost, Duration safetyMargin, int maxConnectionsPerHost,
        int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline, Duration requestTimeout,
        Duration idleShopEviction) {

    public static ClientSettings from(ShopifyConfig config) {
        ShopifyConfig.Retry retry = config.retry();
        return new ClientSettings(config.apiVersion(), config.adminBaseUrl(), Plans.from(config),
                config.maxQueuedPerShop(), config.initialQueryCost(), config.mutationCost(), config.safetyMargin(),
                config.maxConnectionsPerHost(), retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff(),
                retry.deadline(), retry.requestTimeout(), config.idleShopEviction());
    }

    /** {@code {base}/admin/api/{version}/{path}} for a shop. */
    String url(String shop, String path) {
        String base = adminBaseUrl.replace("{shop}", shop);
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/admin/api/" + apiVersion + "/" + path;
    }
}
