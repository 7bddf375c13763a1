package io.shopstream.support.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Thresholds of Shopstream's own health checks. */
@ConfigMapping(prefix = "shopstream.health")
public interface HealthConfig {

    /**
     * A consumer whose current batch has been in hand longer than this is reported stalled (readiness DOWN):
     * it is retrying a failure that does not go away, or is stuck.
     */
    @WithDefault("5m")
    Duration consumerStallTimeout();
}
