package io.shopstream.support.correlation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every HTTP request a new correlation ID before anything else runs: in the routing context, in the MDC of
 * every log line of the request, and in the {@code X-Correlation-Id} response header (on errors too).
 */
@ApplicationScoped
public class CorrelationFilter {

    /** Runs before every other filter and route, so even a 413 carries the ID. */
    public static final int PRIORITY = 1_000;

    void register(@Observes Filters filters) {
        filters.register(CorrelationFilter::assign, PRIORITY);
    }

    static void assign(RoutingContext rc) {
        String id = CorrelationId.mint();
        rc.put(CorrelationId.ROUTING_CONTEXT_KEY, id);
        rc.response().putHeader(CorrelationId.HTTP_HEADER, id);
        MDC.put(CorrelationId.MDC_KEY, id);
        rc.next();
    }

    public static String of(RoutingContext rc) {
        return rc.get(CorrelationId.ROUTING_CONTEXT_KEY);
    }
}
