package io.shopstream.ingest;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Small edge limits, so that tests reach them with a handful of requests: a 64 KiB in-flight body budget, 8
 * connections per HTTP event loop on 2 event loops, and a 30 s body timeout. Shared by {@link BodyBudgetTest} and
 * {@link ConnectionCapTest} (one application start for both).
 */
public class TightEdgeProfile implements QuarkusTestProfile {

    static final int BUDGET_BYTES = 64 * 1024;
    static final int MAX_CONNECTIONS = 8;
    static final int IO_THREADS = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shopstream.ingest.in-flight-body-budget", String.valueOf(BUDGET_BYTES),
                // Quarkus counts connections per HTTP event loop: the server holds MAX_CONNECTIONS * IO_THREADS
                "quarkus.http.limits.max-connections", String.valueOf(MAX_CONNECTIONS),
                "quarkus.http.io-threads", String.valueOf(IO_THREADS),
                // connections held open by unsent bodies outlast the test's probing
                "shopstream.ingest.body-timeout", "30s");
    }
}
