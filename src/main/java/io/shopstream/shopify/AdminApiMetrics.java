package io.shopstream.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The client's meters (names fixed: the dashboard uses them). No shop tag: shops are unbounded, operations are the
 * code's constants.
 */
public final class AdminApiMetrics {

    public static final String CALLS = "shopstream.admin.api.calls";
    public static final String THROTTLES = "shopstream.admin.api.throttles";
    public static final String RETRIES = "shopstream.admin.api.retries";
    public static final String UTILISATION = "shopstream.admin.api.bucket.utilisation";

    private final MeterRegistry registry;
    /**
     * Meters built once per tag combination: the registry's lookup allocates, and this runs per HTTP attempt. Keyed
     * by the operation's name, then the outcome, so that a lookup builds no key.
     */
    private final Map<String, AtomicReferenceArray<Counter>> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> throttles = new ConcurrentHashMap<>();
    private final Map<CallOutcome, Counter> retries = new ConcurrentHashMap<>();

    public AdminApiMetrics(MeterRegistry registry, ShopStates shops) {
        this.registry = registry;
        Gauge.builder(UTILISATION, shops, ShopStates::meanUtilisation)
                .description("Mean share of the GraphQL cost bucket in use, over shops called in the last minute")
                .register(registry);
    }

    /** One HTTP attempt and what it came to. */
    void call(String operation, CallOutcome outcome) {
        AtomicReferenceArray<Counter> byOutcome = calls.computeIfAbsent(operation,
                op -> new AtomicReferenceArray<>(CallOutcome.values().length));
        Counter counter = byOutcome.get(outcome.ordinal());
        if (counter == null) {
            // two threads may both get here: the registry hands both the same counter
            counter = registry.counter(CALLS, "operation", operation, "outcome", outcome.tag());
            byOutcome.set(outcome.ordinal(), counter);
        }
        counter.increment();
    }

    void throttle(String api) {
        throttles.computeIfAbsent(api, key -> registry.counter(THROTTLES, "api", key)).increment();
    }

    void retry(CallOutcome reason) {
        retries.computeIfAbsent(reason, key -> registry.counter(RETRIES, "reason", key.tag())).increment();
    }
}
