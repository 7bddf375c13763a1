package io.shopstream.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void fullJitterIsUniformUpToTheExponentialCeiling() {
        Backoff top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.999999);
        assertThat(top.beforeRetry(1)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(top.beforeRetry(2)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
        assertThat(top.beforeRetry(4)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
        assertThat(top.beforeRetry(10)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        assertThat(top.beforeRetry(200)).isBetween(Duration.ofMillis(4999), Duration.ofSeconds(5));
        Backoff bottom = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.0);
        assertThat(bottom.beforeRetry(3)).isZero();
        Backoff half = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.5);
        assertThat(half.beforeRetry(3)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void throttleWaitIsTheMissingPointsOverTheRestoreRate() {
        // the sample: 22 requested, 14 available, 100/s -> 80 ms
        assertThat(Backoff.throttleWait(22, 14, 100)).isEqualTo(Duration.ofMillis(80));
        assertThat(Backoff.throttleWait(10, 50, 100)).isZero();
        assertThat(Backoff.throttleWait(1000, 0, 1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterIsInSecondsPossiblyFractional() {
        assertThat(Backoff.retryAfter("2.0")).contains(Duration.ofSeconds(2));
        assertThat(Backoff.retryAfter("0.5")).contains(Duration.ofMillis(500));
        assertThat(Backoff.retryAfter(" 3 ")).contains(Duration.ofSeconds(3));
        assertThat(Backoff.retryAfter("soon")).isEmpty();
        assertThat(Backoff.retryAfter("-1")).isEmpty();
        assertThat(Backoff.retryAfter(null)).isEmpty();
    }
}
