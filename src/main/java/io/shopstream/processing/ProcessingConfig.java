package io.shopstream.processing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the consumers retry transient failures. */
@ConfigMapping(prefix = "shopstream.processing")
public interface ProcessingConfig {

    /** First wait after a transient failure (database down, deadlock, timeout). */
    @WithDefault("200ms")
    Duration retryInitialBackoff();

    /** Longest wait between attempts; a record is retried until it succeeds, its offset never committed before. */
    @WithDefault("30s")
    Duration retryMaxBackoff();
}
