package io.shopstream.shopify;

/**
 * Rate limits of one Shopify plan: the GraphQL cost bucket (points) and the legacy REST leaky bucket (requests).
 * Shopify publishes restore and leak rates per plan but not every bucket size, so all four are configurable; every
 * GraphQL response corrects the first two anyway.
 */
public record PlanLimits(double maximumAvailable, double restoreRate, double restBucketSize, double restLeakRate) {

    public PlanLimits {
        if (maximumAvailable <= 0 || restoreRate <= 0 || restBucketSize < 1 || restLeakRate <= 0) {
            throw new IllegalArgumentException("plan limits must be positive");
        }
    }

    /** Standard (and Basic/Shopify) plans: 2,000 points restored at 100/s; REST 40 requests leaking 2/s. */
    public static final PlanLimits STANDARD = new PlanLimits(2000, 100, 40, 2);
}
