package io.shopstream.devservices;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the embedded services of {@code ./mvnw quarkus:dev} before the application connects to them. They live as
 * long as the dev-mode JVM: a live reload finds them still listening and reuses them, and a shutdown hook stops them.
 * Later services (PostgreSQL, the Admin API simulator) start here too.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class EmbeddedServices {

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, DevServicesConfig config) {
        if (!config.enabled()) {
            Log.info("Embedded dev services are off (shopstream.dev-services.enabled=false)");
            return;
        }
        startKafka(config);
    }

    private static void startKafka(DevServicesConfig config) {
        if (EmbeddedKafka.listening(config.kafkaPort())) {
            Log.infof("Kafka already listening on localhost:%d: using it", config.kafkaPort());
            return;
        }
        long started = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(config.kafkaPort(), config.kafkaPartitions());
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
        Log.infof("Embedded Kafka broker (KRaft) started on %s in %d ms", kafka.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
