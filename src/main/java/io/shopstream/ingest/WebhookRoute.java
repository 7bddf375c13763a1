package io.shopstream.ingest;

import java.time.Instant;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.correlation.WebhookMdc;
import io.shopstream.support.http.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/shopify}: every Shopify topic, compliance topics included. Checks run in a fixed order
 * (size, signature, headers, body) and a webhook is answered 200 only once Kafka has acknowledged it.
 * <p>
 * A plain Vert.x route rather than a REST resource: the body is buffered and checked on the event loop, with no
 * hop to a worker thread and no deserialisation, at Black Friday rates.
 */
@ApplicationScoped
public class WebhookRoute {

    public static final String PATH = "/webhooks/shopify";

    private final HmacVerifier verifier;
    private final TopicRouter router;
    private final WebhookPublisher publisher;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final IngestMetrics metrics;
    private final WebhookEdges edges;
    private final WebhookBodyReader bodyReader;

    public WebhookRoute(HmacVerifier verifier, TopicRouter router, WebhookPublisher publisher, IngestConfig config,
            ObjectMapper json, IngestMetrics metrics, WebhookEdges edges, WebhookBodyReader bodyReader) {
        this.verifier = verifier;
        this.router = router;
        this.publisher = publisher;
        this.config = config;
        this.json = json;
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

        OptionalInt secret = verifier.verify(body, http.getHeader(WebhookHeaders.HMAC));
        if (secret.isEmpty()) {
            metrics.hmacFailed();
            outcome.rejection = "missing or invalid HMAC signature";
            reply(rc, Problem.of("invalid-signature", "Invalid webhook signature", 401,
                    WebhookHeaders.HMAC + " is missing or does not match the body", correlationId));
            return;
        }
        outcome.secretIndex = secret.getAsInt();

        WebhookHeaders headers;
        try {
            headers = WebhookHeaders.parse(http::getHeader);
        } catch (InvalidHeaderException e) {
            outcome.rejection = e.getMessage();
            reply(rc, Problem.of("invalid-header", "Invalid webhook header", 400, e.getMessage(), correlationId)
                    .naming(e.header()));
            return;
        }
        String kafkaTopic = router.route(headers.topic());
        outcome.identify(headers, kafkaTopic);
        WebhookMdc.put(headers.shopDomain(), headers.topic(), headers.webhookId());
        Instant receivedAt = Instant.now();
        headers.triggeredInstant().ifPresent(triggeredAt -> metrics.delivered(triggeredAt, receivedAt));

        if (!JsonBody.isObject(body)) {
            outcome.rejection = "body is not a JSON object";
            reply(rc, Problem.of("invalid-body", "Invalid webhook body", 400,
                    "the body must be a single JSON object", correlationId));
            return;
        }

        RawWebhookRecord record = RawWebhookRecord.of(kafkaTopic, headers, body, correlationId, receivedAt);
        publisher.publish(record).subscribe().with(
                acknowledged -> rc.response().setStatusCode(200).end(),
                failure -> {
                    outcome.rejection = failure.getMessage();
                    Log.debug("publish failed", failure);
                    rc.response().putHeader(HttpHeaders.RETRY_AFTER,
                            String.valueOf(Math.max(1, config.retryAfter().toSeconds())));
                    reply(rc, Problem.of("not-stored", "Webhook not stored", 503,
                            "Kafka did not acknowledge the webhook in time; retry later", correlationId));
                });
    }

    private void reply(RoutingContext rc, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body could not be written", e);
        }
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
