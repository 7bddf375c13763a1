package io.shopstream.support.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopstream.processing.DeliveryMetrics;

class ConsumerHealthCheckTest {

    private final DeliveryMetrics metrics = new DeliveryMetrics(new SimpleMeterRegistry());

    @Test
    void upWhileNoBatchOutlivesTheTimeout() {
        metrics.batchStarted("shopify.orders.v1");
        metrics.batchFinished("shopify.products.v1", metrics.batchStarted("shopify.products.v1"));

        HealthCheckResponse response = check(Duration.ofMinutes(5)).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("shopify.products.v1", "idle")
                .containsKey("shopify.orders.v1");
    }

    @Test
    void downWhenABatchHasBeenInHandLongerThanTheTimeout() {
        metrics.batchStarted("shopify.orders.v1");
        metrics.batchFinished("shopify.products.v1", metrics.batchStarted("shopify.products.v1"));

        HealthCheckResponse response = check(Duration.ZERO).call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat((String) response.getData().orElseThrow().get("shopify.orders.v1")).startsWith("stalled");
        assertThat(response.getData().orElseThrow()).containsEntry("shopify.products.v1", "idle");
    }

    @Test
    void aTopicWithTwoConsumersStaysInHandUntilBothFinished() {
        Object first = metrics.batchStarted("shopify.orders.v1");
        Object second = metrics.batchStarted("shopify.orders.v1");
        metrics.batchFinished("shopify.orders.v1", second);

        assertThat((String) check(Duration.ZERO).call().getData().orElseThrow().get("shopify.orders.v1"))
                .startsWith("stalled");

        metrics.batchFinished("shopify.orders.v1", first);

        assertThat(check(Duration.ZERO).call().getData().orElseThrow()).containsEntry("shopify.orders.v1", "idle");
    }

    private ConsumerHealthCheck check(Duration timeout) {
        return new ConsumerHealthCheck(metrics, () -> timeout);
    }
}
