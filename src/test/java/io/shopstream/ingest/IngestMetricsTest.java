package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The metric family of a raw, unverified topic header: bounded, and never a pattern run on the attacker's input. */
class IngestMetricsTest {

    private final IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry(), TopicRouter.withDefaults());

    @ParameterizedTest
    @CsvSource({ "orders/create, orders", "orders/risk/assessment_changed, orders", "app/uninstalled, app",
            "customer.tags_added, other", "orders.create, orders", "carts/update, other",
            "orders, invalid", "orders/, invalid", "/create, invalid", "orders//create, invalid",
            "Orders/create, invalid", "orders/create+x, invalid", "orders/cr√eate, invalid", "'', invalid" })
    void familyOfATopicIsItsFirstSegmentWhenRoutedOtherwiseOtherOrInvalid(String topic, String family) {
        assertThat(metrics.family(topic)).isEqualTo(family);
    }

    @Test
    void anOversizedRepetitiveTopicIsInvalidAtOnce() {
        String hostile = "a/".repeat(9_000) + "a"; // 18 KB: once a StackOverflowError in a recursive pattern
        long started = System.nanoTime();

        assertThat(metrics.family(hostile)).isEqualTo(IngestMetrics.INVALID);
        assertThat(metrics.family("a/".repeat(63) + "a")).as("127 characters").isEqualTo(IngestMetrics.OTHER);
        assertThat(metrics.family(null)).isEqualTo(IngestMetrics.INVALID);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
    }
}
