package io.shopstream.compliance;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Privacy requests: how long a customer's data export stays downloadable, and how often expired ones are purged. */
@ConfigMapping(prefix = "shopstream.compliance")
public interface ComplianceConfig {

    /** How long a customers/data_request export can be downloaded; after that it answers 410 and is purged. */
    @WithDefault("30d")
    Duration exportTtl();

    /** How often expired exports are deleted. */
    @WithDefault("1h")
    Duration exportPurgeInterval();
}
