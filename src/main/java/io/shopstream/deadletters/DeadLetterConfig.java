package io.shopstream.deadletters;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The dead-letter admin API ({@code /admin/dead-letters}). */
@ConfigMapping(prefix = "shopstream.dead-letters")
public interface DeadLetterConfig {

    /**
     * Most dead-letter records one list or replay request reads from Kafka. A scan that reaches it stops and says
     * {@code truncated}: narrow the filters (time range, topic) to reach older or newer records.
     */
    @WithDefault("10000")
    int maxScan();

    /** Longest time one scan may read Kafka; it then stops and says {@code truncated}. */
    @WithDefault("15s")
    Duration scanTimeout();

    /** Matches returned (or replayed) when a request gives no {@code limit}. */
    @WithDefault("100")
    int defaultLimit();

    /** Highest {@code limit} a request may ask for. */
    @WithDefault("1000")
    int maxLimit();
}
