package io.shopstream.ingest;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.shopstream.ingest.WebhookAdmission.Decision;
import io.shopstream.ingest.WebhookAdmission.Publish;
import io.shopstream.ingest.WebhookAdmission.Quarantine;
import io.shopstream.ingest.WebhookAdmission.RefusalReason;
import io.shopstream.ingest.WebhookAdmission.Refuse;
import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.correlation.WebhookMdc;
import io.shopstream.support.http.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/shopify}: every Shopify topic, compliance topics included, and Events deliveries. What
 * becomes of a request is {@link WebhookAdmission}'s decision; a delivery is answered 200 only once Kafka has
 * acknowledged it (its own topic, or quarantine).
 * <p>
 * A plain Vert.x route rather than a REST resource: the body is buffered and checked on the event loop, with no
 * hop to a worker thread and no deserialisation, at Black Friday rates.
 */
@ApplicationScoped
public class WebhookRoute {

    public static final String PATH = "/webhooks/shopify";

    private final WebhookAdmission admission;
    private final WebhookPublisher publisher;
    private final IngestConfig config;
    private final IngestMetrics ingestMetrics;
    private final AdmissionMetrics metrics;
    private final WebhookEdges edges;
    private final WebhookBodyReader bodyReader;

    public WebhookRoute(WebhookAdmission admission, WebhookPublisher publisher, IngestConfig config,
            IngestMetrics ingestMetrics, AdmissionMetrics metrics, WebhookEdges edges, WebhookBodyReader bodyReader) {
        this.admission = admission;
        this.publisher = publisher;
        this.config = config;
        this.ingestMetrics = ingestMetrics;
        this.metrics = metrics;
        this.edges = edges;
        this.bodyReader = bodyReader;
    }

    void register(@Observes Router routes) {
        routes.post(PATH)
                .handler(edges::exactPath)
                // size, deadline and in-flight budget (413, 408, 503) before anything else reads the body
                .handler(bodyReader)
                .handler(this::receive);
        routes.route(PATH).handler(edges::exactPath).handler(edges::methodNotAllowed);
    }

    void receive(RoutingContext rc) {
        HttpServerRequest http = rc.request();
        byte[] body = rc.body().isEmpty() ? new byte[0] : rc.body().buffer().getBytes();
        String correlationId = CorrelationFilter.of(rc);
        WebhookOutcome outcome = WebhookOutcome.of(rc);
        Instant receivedAt = Instant.now();

        Decision decision = admission.admit(http.headers()::getAll, body, correlationId, receivedAt);
        if (decision instanceof Refuse refused) {
            refuse(rc, refused, correlationId);
        } else if (decision instanceof Quarantine quarantined) {
            outcome.secretIndex = quarantined.secretIndex();
            outcome.quarantined(quarantined.record(), quarantined.detail());
            metrics.quarantined(quarantined.reason());
            publish(rc, quarantined.record(), outcome, correlationId);
        } else if (decision instanceof Publish accepted) {
            outcome.secretIndex = accepted.secretIndex();
            outcome.identify(accepted.headers(), accepted.record().topic());
            WebhookMdc.put(accepted.headers().shopDomain(), accepted.headers().topic(),
                    accepted.headers().webhookId());
            accepted.headers().triggeredInstant().ifPresent(at -> ingestMetrics.delivered(at, receivedAt));
            publish(rc, accepted.record(), outcome, correlationId);
        }
    }

    private void refuse(RoutingContext rc, Refuse refused, String correlationId) {
        if (refused.reason() == RefusalReason.INVALID_SIGNATURE) {
            ingestMetrics.hmacFailed();
        } else {
            metrics.refused(refused.reason());
        }
        Problem problem = Problem.of(refused.reason().tag(), refused.title(), refused.status(), refused.detail(),
                correlationId);
        edges.refuse(rc, refused.header() == null ? problem : problem.naming(refused.header()), false);
    }

    private void publish(RoutingContext rc, RawWebhookRecord record, WebhookOutcome outcome, String correlationId) {
        publisher.publish(record).subscribe().with(
                acknowledged -> rc.response().setStatusCode(200).end(),
                failure -> {
                    Log.debug("publish failed", failure);
                    rc.response().putHeader(HttpHeaders.RETRY_AFTER,
                            String.valueOf(Math.max(1, config.retryAfter().toSeconds())));
                    edges.refuse(rc, Problem.of("not-stored", "Webhook not stored", 503,
                            "Kafka did not acknowledge the webhook in time; retry later", correlationId), false);
                    outcome.rejection = failure.getMessage();
                });
    }
}
