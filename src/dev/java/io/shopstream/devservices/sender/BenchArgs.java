package io.shopstream.devservices.sender;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command-line arguments of the benchmark mains, with defaults. */
public final class BenchArgs {

    private final Map<String, String> values = new HashMap<>();

    public BenchArgs(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    public String get(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** The argument, else the environment variable, else the fallback. */
    public String getOrEnv(String key, String env, String fallback) {
        String value = get(key, null);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public String required(String key) {
        String value = get(key, null);
        if (value == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return value;
    }

    public int integer(String key, int fallback) {
        return Integer.parseInt(get(key, String.valueOf(fallback)));
    }

    public long longValue(String key, long fallback) {
        return Long.parseLong(get(key, String.valueOf(fallback)));
    }

    public double decimal(String key, double fallback) {
        return Double.parseDouble(get(key, String.valueOf(fallback)));
    }
}
