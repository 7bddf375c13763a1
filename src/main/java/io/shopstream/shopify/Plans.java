package io.shopstream.shopify;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rate limits per plan. Restore rates are Shopify's published ones (points/s: standard 100, advanced 200, plus
 * 1,000, enterprise 2,000; REST leak 2/4/20/40 per s); bucket sizes are not published except REST 40/400, so
 * GraphQL buckets assume the 20 × restore rate Standard shops report. Responses correct them anyway.
 */
public final class Plans {

    private static final Map<String, PlanLimits> BUILT_IN = Map.of(
            "standard", PlanLimits.STANDARD,
            "advanced", new PlanLimits(4000, 200, 40, 4),
            "plus", new PlanLimits(20000, 1000, 400, 20),
            "enterprise", new PlanLimits(40000, 2000, 400, 40));

    private final Map<String, PlanLimits> plans;
    private final String defaultPlan;

    public Plans(Map<String, PlanLimits> plans, String defaultPlan) {
        this.plans = Map.copyOf(plans);
        this.defaultPlan = normalise(defaultPlan);
        if (!this.plans.containsKey(this.defaultPlan)) {
            throw new IllegalArgumentException("unknown default plan " + defaultPlan);
        }
    }

    public static Plans builtIn() {
        return new Plans(BUILT_IN, "standard");
    }

    static Plans from(ShopifyConfig config) {
        Map<String, PlanLimits> merged = new HashMap<>(BUILT_IN);
        config.planDefaults().forEach((name, override) -> {
            PlanLimits base = merged.getOrDefault(normalise(name), PlanLimits.STANDARD);
            merged.put(normalise(name), new PlanLimits(
                    override.maximumAvailable().orElse(base.maximumAvailable()),
                    override.restoreRate().orElse(base.restoreRate()),
                    override.restBucketSize().orElse(base.restBucketSize()),
                    override.restLeakRate().orElse(base.restLeakRate())));
        });
        return new Plans(merged, config.defaultPlan());
    }

    /** The plan's limits; the default plan's for null or unknown names. */
    public PlanLimits limits(String plan) {
        PlanLimits limits = plan == null ? null : plans.get(normalise(plan));
        return limits != null ? limits : plans.get(defaultPlan);
    }

    private static String normalise(String plan) {
        return plan.trim().toLowerCase(Locale.ROOT);
    }
}
