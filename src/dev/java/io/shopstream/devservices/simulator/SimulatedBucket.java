package io.shopstream.devservices.simulator;

/**
 * Shopify's side of a leaky bucket, refilled continuously: the GraphQL cost bucket (points) or the REST call bucket
 * (requests, leaking). Not thread-safe: guarded by its {@link SimulatedShop}.
 */
final class SimulatedBucket {

    private double maximum;
    private double rate;
    private double available;
    private long at = System.nanoTime();

    SimulatedBucket(double maximum, double rate) {
        this.maximum = maximum;
        this.rate = rate;
        this.available = maximum;
    }

    void configure(double maximum, double rate) {
        refill();
        this.maximum = maximum;
        this.rate = rate;
        this.available = Math.min(available, maximum);
    }

    double available() {
        refill();
        return available;
    }

    void set(double points) {
        refill();
        available = Math.max(0, Math.min(maximum, points));
    }

    boolean tryTake(double amount) {
        refill();
        if (available < amount) {
            return false;
        }
        available -= amount;
        return true;
    }

    void give(double amount) {
        refill();
        available = Math.min(maximum, available + amount);
    }

    double maximum() {
        return maximum;
    }

    double rate() {
        return rate;
    }

    /** Seconds until {@code amount} is available. */
    double secondsUntil(double amount) {
        refill();
        return Math.max(0, amount - available) / rate;
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(maximum, available + (now - at) / 1e9 * rate);
        at = now;
    }
}
