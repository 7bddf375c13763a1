package io.shopstream.devservices;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The services {@code ./mvnw quarkus:dev} starts inside its own JVM. Ignored outside dev mode. */
@ConfigMapping(prefix = "shopstream.dev-services")
public interface DevServicesConfig {

    /** Start the embedded services in dev mode; switch off to use services you run yourself. */
    @WithDefault("true")
    boolean enabled();

    /** Port of the embedded Kafka broker; {@code kafka.bootstrap.servers} points at it in dev mode. */
    @WithDefault("9092")
    int kafkaPort();

    /** Partitions of topics the embedded broker creates. */
    @WithDefault("3")
    int kafkaPartitions();

    /**
     * Port of the embedded PostgreSQL server; the datasource URLs point at it in dev mode. Its data lives in
     * {@code target/dev-services/postgres}, so it survives dev-mode restarts and {@code ./mvnw clean} removes it.
     * Read by {@link DevPostgresConfigSourceFactory}, which runs before this mapping exists; declared here so that
     * the key is a known one (and documented with the others).
     */
    @WithDefault("5432")
    int postgresPort();

    /**
     * Port of the Shopify Admin API simulator ({@code io.shopstream.devservices.simulator}); in dev mode
     * {@code shopstream.shopify.admin-base-url} points at it. 0 switches the simulator off.
     */
    @WithDefault("8089")
    int shopifySimulatorPort();
}
