package io.shopstream.support.correlation;

import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ID that follows one webhook through logs, Kafka headers and Admin API calls. A UUIDv7: it sorts by the time it
 * was minted, which keeps log searches and Kafka header scans in arrival order.
 */
public final class CorrelationId {

    public static final String HTTP_HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    /** Key of the ID in the Vert.x routing context of an HTTP request. */
    public static final String ROUTING_CONTEXT_KEY = "shopstream.correlation-id";

    private CorrelationId() {
    }

    public static String mint() {
        return mint(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static String mint(long epochMillis, ThreadLocalRandom random) {
        long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * Runs {@code action} (a log call) with this correlation ID in the MDC, whatever thread or timer it runs on, and
     * restores what the MDC held before. A null ID leaves the MDC as it is.
     */
    public static void inMdc(String correlationId, Runnable action) {
        Object previous = MDC.get(MDC_KEY);
        if (correlationId != null) {
            MDC.put(MDC_KEY, correlationId);
        }
        try {
            action.run();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}
