package io.shopstream.shopify;

/** A shop's rate-limit model as the {@link Pacer} sees it. Implementations are thread-safe. */
interface Budget {

    /** Returned by {@link #nanosUntil} when only a response (a {@link Pacer#wake()}) can make room. */
    long UNTIL_WOKEN = Long.MAX_VALUE;

    /**
     * Nanoseconds until {@code cost} can be reserved: 0 when it can be now. {@code withMargin} false: right after
     * Shopify said how much is available (a throttle), so the safety margin is not needed.
     */
    long nanosUntil(double cost, boolean withMargin);

    /** Takes {@code cost} from the budget; call only when {@link #nanosUntil} said 0. */
    Reservation reserve(double cost);
}
