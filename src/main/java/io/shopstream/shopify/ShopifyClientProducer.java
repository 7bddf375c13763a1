package io.shopstream.shopify;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.core.Vertx;

/**
 * The application's one {@link ShopifyAdminClient}, on Quarkus' Vert.x, with credentials from the application's
 * {@link CredentialsSource} bean ({@code shops/ShopCredentialsRepository}).
 */
public class ShopifyClientProducer {

    @Produces
    @Singleton
    ShopifyAdminClient client(Vertx vertx, ShopifyConfig config, CredentialsSource credentials,
            MeterRegistry registry) {
        return new ShopifyAdminClient(vertx, ClientSettings.from(config), credentials, registry);
    }

    void close(@Disposes ShopifyAdminClient client) {
        client.close();
    }
}
