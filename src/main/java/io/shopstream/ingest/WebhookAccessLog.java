package io.shopstream.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.correlation.CorrelationId;
import io.vertx.ext.web.RoutingContext;

/**
 * One log line per webhook request, whatever answered it (the endpoint, or the HTTP layer's 413): status, Shopify
 * topic, shop, webhook id, correlation id and latency. Never the body, never a secret.
 */
@ApplicationScoped
public class WebhookAccessLog {

    static final String PATH_PREFIX = "/webhooks/";

    void register(@Observes Filters filters) {
        filters.register(WebhookAccessLog::watch, CorrelationFilter.PRIORITY - 1);
    }

    static void watch(RoutingContext rc) {
        if (rc.normalizedPath().startsWith(PATH_PREFIX)) {
            long started = System.nanoTime();
            WebhookOutcome outcome = WebhookOutcome.of(rc);
            rc.addEndHandler(ended -> log(rc, outcome, started));
        }
        rc.next();
    }

    private static void log(RoutingContext rc, WebhookOutcome outcome, long started) {
        String correlationId = CorrelationFilter.of(rc);
        int status = rc.response().getStatusCode();
        double millis = (System.nanoTime() - started) / 1_000_000.0;
        MDC.put(CorrelationId.MDC_KEY, correlationId);
        MDC.put("shop", outcome.shop);
        MDC.put("topic", outcome.topic);
        MDC.put("webhookId", outcome.webhookId);
        try {
            if (status < 300) {
                Log.infof("webhook status=%d topic=%s shop=%s webhook_id=%s kafka_topic=%s secret=%d"
                        + " correlation_id=%s latency_ms=%.2f", status, outcome.topic, outcome.shop,
                        outcome.webhookId, outcome.kafkaTopic, outcome.secretIndex, correlationId, millis);
            } else {
                Log.warnf("webhook status=%d topic=%s shop=%s webhook_id=%s reason=\"%s\" correlation_id=%s"
                        + " latency_ms=%.2f", status, outcome.topic, outcome.shop, outcome.webhookId,
                        outcome.rejection != null ? outcome.rejection : reasonFor(status), correlationId, millis);
            }
        } finally {
            MDC.remove("shop");
            MDC.remove("topic");
            MDC.remove("webhookId");
        }
    }

    private static String reasonFor(int status) {
        return switch (status) {
            case 413 -> "body larger than quarkus.http.limits.max-body-size";
            case 405 -> "method not allowed";
            case 404 -> "no such endpoint";
            default -> "http " + status;
        };
    }
}
