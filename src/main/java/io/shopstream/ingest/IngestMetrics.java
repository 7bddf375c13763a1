package io.shopstream.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
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

    /** A family that has no route of its own (routed to the fallback topic). */
    static final String OTHER = "other";
    /** No topic header, or one that is not a Shopify topic. */
    static final String INVALID = "invalid";

    private static final Pattern SHOPIFY_TOPIC = Pattern.compile("[a-z0-9_]+(/[a-z0-9_]+)+");
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

    String family(String shopifyTopic) {
        if (shopifyTopic == null || !SHOPIFY_TOPIC.matcher(shopifyTopic).matches()) {
            return INVALID;
        }
        String family = shopifyTopic.substring(0, shopifyTopic.indexOf('/'));
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
