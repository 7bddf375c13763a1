package io.shopstream.support.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.shopstream.processing.DeliveryMetrics;

/**
 * Readiness: DOWN when a consumer has held one batch longer than {@code shopstream.health.consumer-stall-timeout}
 * (a database outage it keeps retrying, a dead-letter topic that does not acknowledge, a hung transaction). Reads
 * what the processor recorded in memory: no I/O, nothing blocks. SmallRye's own checks cover the channels'
 * connection to Kafka.
 */
@Readiness
@ApplicationScoped
public class ConsumerHealthCheck implements HealthCheck {

    static final String NAME = "Shopstream consumers";

    private final DeliveryMetrics deliveries;
    private final HealthConfig config;

    public ConsumerHealthCheck(DeliveryMetrics deliveries, HealthConfig config) {
        this.deliveries = deliveries;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        long limit = config.consumerStallTimeout().toMillis();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        for (Map.Entry<String, Long> topic : deliveries.batchAges().entrySet()) {
            long age = topic.getValue();
            if (age > limit) {
                response.down().withData(topic.getKey(), "stalled: batch in hand for " + age / 1000 + " s");
            } else {
                response.withData(topic.getKey(), age == 0 ? "idle" : "batch in hand for " + age / 1000 + " s");
            }
        }
        return response.build();
    }
}
