package io.shopstream.ingest;

import java.time.Instant;
import java.util.OptionalInt;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import io.quarkus.logging.Log;
import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.http.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/shopify}: every Shopify topic, compliance topics included. Checks run in a fixed order
 * (size, signature, headers, body) and a webhook is answered 200 only once Kafka has acknowledged it.
 */
@Path("/webhooks/shopify")
public class WebhookResource {

    private final HmacVerifier verifier;
    private final TopicRouter router;
    private final WebhookPublisher publisher;
    private final IngestConfig config;

    public WebhookResource(HmacVerifier verifier, TopicRouter router, WebhookPublisher publisher,
            IngestConfig config) {
        this.verifier = verifier;
        this.router = router;
        this.publisher = publisher;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> receive(byte[] body, HttpHeaders http, @Context RoutingContext rc) {
        byte[] raw = body != null ? body : new byte[0];
        String correlationId = CorrelationFilter.of(rc);
        WebhookOutcome outcome = WebhookOutcome.of(rc);

        OptionalInt secret = verifier.verify(raw, http.getHeaderString(WebhookHeaders.HMAC));
        if (secret.isEmpty()) {
            outcome.rejection = "missing or invalid HMAC signature";
            return reject(Problem.of("invalid-signature", "Invalid webhook signature", Status.UNAUTHORIZED,
                    WebhookHeaders.HMAC + " is missing or does not match the body", correlationId));
        }
        outcome.secretIndex = secret.getAsInt();

        WebhookHeaders headers;
        try {
            headers = WebhookHeaders.parse(http::getHeaderString);
        } catch (InvalidHeaderException e) {
            outcome.rejection = e.getMessage();
            return reject(Problem.of("invalid-header", "Invalid webhook header", Status.BAD_REQUEST,
                    e.getMessage(), correlationId).naming(e.header()));
        }
        String kafkaTopic = router.route(headers.topic());
        outcome.identify(headers, kafkaTopic);

        if (!JsonBody.isObject(raw)) {
            outcome.rejection = "body is not a JSON object";
            return reject(Problem.of("invalid-body", "Invalid webhook body", Status.BAD_REQUEST,
                    "the body must be a single JSON object", correlationId));
        }

        RawWebhookRecord record = RawWebhookRecord.of(kafkaTopic, headers, raw, correlationId, Instant.now());
        return publisher.publish(record)
                .map(acknowledged -> Response.ok().build())
                .onFailure(PublishFailedException.class).recoverWithItem(failure -> {
                    outcome.rejection = failure.getMessage();
                    Log.debug("publish failed", failure);
                    return Problem.of("not-stored", "Webhook not stored", Status.SERVICE_UNAVAILABLE,
                            "Kafka did not acknowledge the webhook in time; retry later", correlationId)
                            .toResponse()
                            .header(HttpHeaders.RETRY_AFTER, Math.max(1, config.retryAfter().toSeconds()))
                            .build();
                });
    }

    private static Uni<Response> reject(Problem problem) {
        return Uni.createFrom().item(problem.toResponse().build());
    }
}
