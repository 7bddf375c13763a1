package io.shopstream.writeback;

import java.util.Locale;

/** How a write-back ended, as recorded in {@code writebacks.status} and the metrics' {@code status} tag. */
public enum WriteBackStatus {
    /** Shopify made the change. */
    APPLIED,
    /** The shop already held the desired state: nothing was written. */
    UNCHANGED,
    /** The shop has no Admin API credentials: Shopstream does not write to it. */
    SKIPPED,
    /** The app was uninstalled from the shop: pending write-backs are dropped. */
    CANCELLED,
    /** A permanent failure or exhausted retries: sent to the dead-letter topic with its reason and codes. */
    DEAD_LETTERED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status a {@link #tag()} names. */
    public static WriteBackStatus ofTag(String tag) {
        return valueOf(tag.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
