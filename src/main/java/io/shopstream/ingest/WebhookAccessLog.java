package io.shopstream.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.correlation.CorrelationId;
import io.shopstream.support.correlation.WebhookMdc;
import io.vertx.ext.web.RoutingContext;

/**
 * One log line per webhook request, whatever answered it (the endpoint, or the HTTP layer's 413): status, Shopify
 * topic, shop, webhook id, correlation id and latency. Never the body, never a secret.
 */
@ApplicationScoped
public class WebhookAccessLog {

    static final String PATH_PREFIX = "/webhooks/";
    /** Logged and counted for a connection that closed before an answer was written (nginx's convention). */
    static final int CLOSED_UNANSWERED = 499;

    private final IngestMetrics metrics;

    public WebhookAccessLog(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        filters.register(this::watch, CorrelationFilter.PRIORITY - 1);
    }

    void watch(RoutingContext rc) {
        if (rc.normalizedPath().startsWith(PATH_PREFIX)) {
            long started = System.nanoTime();
            WebhookOutcome outcome = WebhookOutcome.of(rc);
            rc.addEndHandler(ended -> {
                long elapsed = System.nanoTime() - started;
                int status = rc.response().ended() ? rc.response().getStatusCode() : CLOSED_UNANSWERED;
                metrics.answered(rc.request().getHeader(WebhookHeaders.TOPIC), status, elapsed);
                log(rc, outcome, status, elapsed);
            });
        }
        rc.next();
    }

    private static void log(RoutingContext rc, WebhookOutcome outcome, int status, long elapsedNanos) {
        String correlationId = CorrelationFilter.of(rc);
        double millis = elapsedNanos / 1_000_000.0;
        MDC.put(CorrelationId.MDC_KEY, correlationId);
        WebhookMdc.put(outcome.shop, outcome.topic, outcome.webhookId);
        try {
            if (status < 300 && outcome.rejection != null) {
                // accepted, but into quarantine: an operator has to look at it
                Log.warnf("webhook status=%d topic=%s shop=%s webhook_id=%s kafka_topic=%s secret=%d reason=\"%s\""
                        + " correlation_id=%s latency_ms=%.2f", status, outcome.topic, outcome.shop,
                        outcome.webhookId, outcome.kafkaTopic, outcome.secretIndex, outcome.rejection, correlationId,
                        millis);
            } else if (status < 300) {
                Log.infof("webhook status=%d topic=%s shop=%s webhook_id=%s kafka_topic=%s secret=%d"
                        + " correlation_id=%s latency_ms=%.2f", status, outcome.topic, outcome.shop,
                        outcome.webhookId, outcome.kafkaTopic, outcome.secretIndex, correlationId, millis);
            } else {
                Log.warnf("webhook status=%d topic=%s shop=%s webhook_id=%s reason=\"%s\" correlation_id=%s"
                        + " latency_ms=%.2f", status, outcome.topic, outcome.shop, outcome.webhookId,
                        outcome.rejection != null ? outcome.rejection : reasonFor(status), correlationId, millis);
            }
        } finally {
            // the request is over: nothing after it on this context is about this webhook
            WebhookMdc.clear();
        }
    }

    private static String reasonFor(int status) {
        return switch (status) {
            case CLOSED_UNANSWERED -> "connection closed before an answer";
            case 413 -> "body larger than quarkus.http.limits.max-body-size";
            case 405 -> "method not allowed";
            case 404 -> "no such endpoint";
            default -> "http " + status;
        };
    }
}
