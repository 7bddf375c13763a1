package io.shopstream.bench;

import java.util.Arrays;

/** A growing array of longs (latencies in nanos), without boxing; thread-safe. */
final class LongSamples {

    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized void clear() {
        size = 0;
    }

    /** The {@code p} quantile (0..1) in seconds; NaN when empty. */
    synchronized double[] quantilesSeconds(double... ps) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double[] result = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            result[i] = sorted.length == 0 ? Double.NaN
                    : sorted[Math.min(sorted.length - 1, (int) Math.floor(ps[i] * sorted.length))] / 1e9;
        }
        return result;
    }
}
