package io.shopstream.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Looked up once per tag combination: the registry's lookup allocates, and this runs per HTTP attempt. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public AdminApiMetrics(MeterRegistry registry, ShopStates shops) {
        this.registry = registry;
        Gauge.builder(UTILISATION, shops, ShopStates::meanUtilisation)
                .description("Mean share of the GraphQL cost bucket in use, over shops called in the last minute")
                .register(registry);
    }

    /** One HTTP attempt and what it came to. */
    void call(String operation, Outcome outcome) {
        counters.computeIfAbsent(CALLS + '\n' + operation + '\n' + outcome.tag(),
                key -> registry.counter(CALLS, "operation", operation, "outcome", outcome.tag())).increment();
    }

    void throttle(String api) {
        counters.computeIfAbsent(THROTTLES + '\n' + api, key -> registry.counter(THROTTLES, "api", api)).increment();
    }

    void retry(Outcome reason) {
        counters.computeIfAbsent(RETRIES + '\n' + reason.tag(),
                key -> registry.counter(RETRIES, "reason", reason.tag())).increment();
    }
}
