package io.shopstream.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The ingest path's meters. Every meter is built once, at start or on the first use of a (family, status) pair,
 * and then reused: recording costs a map lookup and an atomic add, never a registry lookup. Families are the
 * router's (bounded), statuses HTTP codes (bounded): no per-shop or per-topic series.
 */
@ApplicationScoped
public class IngestMetrics {

    public static final String RECEIVED = "shopstream.webhooks.received";
    public static final String HMAC_FAILURES = "shopstream.webhooks.hmac.failures";
    public static final String INGEST_DURATION = "shopstream.webhooks.ingest.duration";
    public static final String PUBLISH_DURATION = "shopstream.webhooks.publish.duration";
    public static final String DELIVERY_LAG = "shopstream.webhooks.delivery.lag";
    public static final String BODIES_IN_FLIGHT = "shopstream.webhooks.bodies.in.flight";
    public static final String BODY_BUDGET = "shopstream.webhooks.bodies.budget";
    public static final String BODIES_REFUSED = "shopstream.webhooks.bodies.refused";

    /** A family that has no route of its own (routed to the fallback topic). */
    static final String OTHER = "other";
    /** No topic header, or one that is not a Shopify topic. */
    static final String INVALID = "invalid";

    /** Longer than any Shopify topic; a longer header is not scanned at all. */
    static final int MAX_TOPIC_LENGTH = 128;
    /** Why a body was refused before the endpoint saw it (bounded). */
    private static final String[] REFUSALS = { "budget", "deadline", "size", "framing" };
    private static final Duration[] LATENCY_BUCKETS = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_000,
            5_000);
    private static final Duration[] LAG_BUCKETS = millis(100, 500, 1_000, 5_000, 30_000, 60_000, 300_000,
            900_000, 3_600_000, 14_400_000, 86_400_000);

    private final MeterRegistry registry;
    private final Set<String> families;
    /** Family → counters indexed by status - 100; filled on first use (a race registers the same meter twice). */
    private final Map<String, Counter[]> received = new ConcurrentHashMap<>();
    private final Counter hmacFailures;
    private final Timer[] ingestDuration = new Timer[6];
    private final Timer published;
    private final Timer notPublished;
    private final Timer deliveryLag;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry, TopicRouter router) {
        this.registry = registry;
        this.families = Set.copyOf(router.families());
        this.hmacFailures = Counter.builder(HMAC_FAILURES)
                .description("Webhooks refused with 401: X-Shopify-Hmac-Sha256 missing or matching no secret")
                .register(registry);
        for (int statusClass = 1; statusClass < ingestDuration.length; statusClass++) {
            ingestDuration[statusClass] = Timer.builder(INGEST_DURATION)
                    .description("Time from the request's arrival to its answer")
                    .tag("status", statusClass + "xx")
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry);
        }
        this.published = publishTimer("acknowledged");
        this.notPublished = publishTimer("failed");
        this.deliveryLag = Timer.builder(DELIVERY_LAG)
                .description("Receive time minus X-Shopify-Triggered-At: how late Shopify's delivery arrived")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        for (String reason : REFUSALS) {
            refused.put(reason, Counter.builder(BODIES_REFUSED)
                    .description("Webhook bodies refused before the signature check: over the in-flight budget"
                            + " (503), past the body timeout (408), too large (413), malformed framing (400)")
                    .tag("reason", reason)
                    .register(registry));
        }
        for (String family : families) {
            for (int status : new int[] { 200, 400, 401, 503 }) {
                counter(family, status);
            }
        }
    }

    /** One answered request on the webhook path, with the raw (unverified) {@code X-Shopify-Topic}. */
    public void answered(String shopifyTopic, int status, long elapsedNanos) {
        counter(family(shopifyTopic), status).increment();
        int statusClass = status / 100;
        if (statusClass > 0 && statusClass < ingestDuration.length) {
            ingestDuration[statusClass].record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
    }

    public void hmacFailed() {
        hmacFailures.increment();
    }

    public void publishFinished(boolean acknowledged, long elapsedNanos) {
        (acknowledged ? published : notPublished).record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    public void delivered(Instant triggeredAt, Instant receivedAt) {
        long lag = receivedAt.toEpochMilli() - triggeredAt.toEpochMilli();
        // a sender's clock ahead of ours is not a negative delay
        deliveryLag.record(Math.max(0, lag), TimeUnit.MILLISECONDS);
    }

    /** Reads the body bytes reserved by in-flight requests, out of {@code budget}. */
    void watchInFlightBodies(LongSupplier reserved, long budget) {
        Gauge.builder(BODIES_IN_FLIGHT, reserved, supplier -> supplier.getAsLong())
                .description("Request-body bytes reserved by in-flight webhook requests")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
        Gauge.builder(BODY_BUDGET, () -> budget)
                .description("shopstream.ingest.in-flight-body-budget: past it, webhooks are answered 503")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    void bodyRefused(String reason) {
        Counter counter = refused.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }

    /**
     * The metric family of a raw, unverified {@code X-Shopify-Topic}: its first segment when the topic has the shape
     * of a Shopify topic (segments of {@code [a-z0-9_]} joined by {@code /} as in {@code orders/create}, or by
     * {@code .} as in {@code customer.tags_added}) and the router has a route for it; {@value #OTHER} when it has
     * none; {@value #INVALID} otherwise. The length is checked first and the scan is one linear pass: no pattern
     * runs on the attacker's header.
     */
    String family(String shopifyTopic) {
        if (shopifyTopic == null || shopifyTopic.isEmpty() || shopifyTopic.length() > MAX_TOPIC_LENGTH) {
            return INVALID;
        }
        int familyEnd = -1;
        boolean segmentEmpty = true;
        for (int i = 0; i < shopifyTopic.length(); i++) {
            char c = shopifyTopic.charAt(i);
            if (c == '/' || c == '.') {
                if (segmentEmpty) {
                    return INVALID;
                }
                if (familyEnd < 0) {
                    familyEnd = i;
                }
                segmentEmpty = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                segmentEmpty = false;
            } else {
                return INVALID;
            }
        }
        if (familyEnd < 0 || segmentEmpty) {
            return INVALID;
        }
        String family = shopifyTopic.substring(0, familyEnd);
        return families.contains(family) ? family : OTHER;
    }

    private Counter counter(String family, int status) {
        Counter[] byStatus = received.computeIfAbsent(family, key -> new Counter[500]);
        int index = status >= 100 && status < 600 ? status - 100 : 0;
        Counter counter = byStatus[index];
        if (counter == null) {
            counter = Counter.builder(RECEIVED)
                    .description("Webhook requests answered, by Shopify topic family and HTTP status")
                    .tag("family", family)
                    .tag("status", Integer.toString(index + 100))
                    .register(registry);
            byStatus[index] = counter;
        }
        return counter;
    }

    private Timer publishTimer(String result) {
        return Timer.builder(PUBLISH_DURATION)
                .description("Time from handing a webhook to the Kafka producer to its acknowledgement or failure")
                .tag("result", result)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }
}
