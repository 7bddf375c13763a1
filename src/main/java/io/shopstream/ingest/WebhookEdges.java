package io.shopstream.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.http.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * The webhook path's HTTP edges, before any body is read: only the exact path {@value WebhookRoute#PATH} is the
 * endpoint (a trailing slash, doubled slashes, dot segments or percent-encoded letters that the router normalises
 * to it are answered 404), and only {@code POST} (anything else is 405 with {@code Allow: POST}).
 */
@ApplicationScoped
public class WebhookEdges {

    private final ObjectMapper json;

    public WebhookEdges(ObjectMapper json) {
        this.json = json;
    }

    /** Passes the request on only when its path, as sent, is exactly the endpoint's. */
    void exactPath(RoutingContext rc) {
        if (WebhookRoute.PATH.equals(rc.request().path())) {
            rc.next();
            return;
        }
        refuse(rc, Problem.of("not-found", "No such endpoint", 404,
                "the webhook endpoint is exactly " + WebhookRoute.PATH, CorrelationFilter.of(rc)), false);
    }

    void methodNotAllowed(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.ALLOW, HttpMethod.POST.name());
        refuse(rc, Problem.of("method-not-allowed", "Method not allowed", 405,
                "the webhook endpoint accepts POST only", CorrelationFilter.of(rc)), false);
    }

    /**
     * Answers with a problem and records why for the access log. With {@code close}, the connection is closed once
     * the answer is written: the rest of an unread body cannot be told apart from the next request.
     */
    void refuse(RoutingContext rc, Problem problem, boolean close) {
        WebhookOutcome.of(rc).rejection = problem.detail();
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body could not be written", e);
        }
        boolean http1 = rc.request().version() != HttpVersion.HTTP_2;
        if (close && http1) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.end(body).onComplete(written -> {
            if (close && http1) {
                rc.request().connection().close();
            }
        });
    }
}
