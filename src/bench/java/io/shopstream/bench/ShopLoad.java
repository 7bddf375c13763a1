package io.shopstream.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One shop of a write-back run: calls applied in the measured window, THROTTLED responses, last bucket level. */
final class ShopLoad {

    final String shop;
    final AtomicLong applied = new AtomicLong();
    /** THROTTLED on the shop's first response: expected once per drained shop, whatever the client. */
    final AtomicLong throttledFirst = new AtomicLong();
    final AtomicLong throttledAfter = new AtomicLong();
    final AtomicBoolean firstSent = new AtomicBoolean();
    final AtomicBoolean firstAnswered = new AtomicBoolean();
    /** {@code currentlyAvailable} of the shop's last response; NaN before the first. */
    volatile double level = Double.NaN;
    /** {@link #level} when the measured window opened. */
    volatile double levelAtStart = Double.NaN;

    ShopLoad(String shop) {
        this.shop = shop;
    }
}
