package io.shopstream.devservices.sender;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/** What a send run did: requests sent, answers by status ({@code error} when none came), latency percentiles. */
record SendSummary(int sent, SortedMap<String, Integer> statuses, double p50Millis, double p99Millis,
        double maxMillis, Duration elapsed) {

    static SendSummary of(long[] latencyNanos, SortedMap<String, Integer> statuses, Duration elapsed) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new SendSummary(sorted.length, statuses, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, elapsed);
    }

    /** Nearest-rank percentile, in milliseconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    boolean allSucceeded() {
        return statuses.entrySet().stream().allMatch(e -> e.getKey().startsWith("2"));
    }

    int count(String status) {
        return statuses.getOrDefault(status, 0);
    }

    String format() {
        StringBuilder text = new StringBuilder();
        text.append("sent %d in %.1f s (%.0f/s)%n".formatted(sent, elapsed.toMillis() / 1000.0,
                sent / Math.max(elapsed.toMillis() / 1000.0, 0.001)));
        for (Map.Entry<String, Integer> status : statuses.entrySet()) {
            text.append("  status %s: %d%n".formatted(status.getKey(), status.getValue()));
        }
        text.append("latency ms: p50 %.1f, p99 %.1f, max %.1f%n".formatted(p50Millis, p99Millis, maxMillis));
        return text.toString();
    }
}
