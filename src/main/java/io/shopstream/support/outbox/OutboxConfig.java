package io.shopstream.support.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The relay that publishes enriched events from the outbox table. */
@ConfigMapping(prefix = "shopstream.outbox")
public interface OutboxConfig {

    /** How often the outbox is swept for events left by a crash or a failed publish. */
    @WithDefault("5s")
    Duration sweepInterval();

    /** Events published per transaction. */
    @WithDefault("500")
    int batchSize();
}
