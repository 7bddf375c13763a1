package io.shopstream.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.handler.codec.DecoderException;
import io.quarkus.runtime.configuration.MemorySize;
import io.shopstream.support.correlation.CorrelationFilter;
import io.shopstream.support.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Buffers a webhook's body for the endpoint, which needs all of it to check the signature, within three limits:
 * its size ({@code quarkus.http.limits.max-body-size}: 413), a deadline from the headers' arrival
 * ({@code shopstream.ingest.body-timeout}: 408) and the bytes all in-flight requests may hold
 * ({@code shopstream.ingest.in-flight-body-budget}: 503 with {@code Retry-After}). A declared
 * {@code Content-Length} is reserved whole before anything is read, so a slow sender holds its share from the
 * start; a chunked body reserves chunk by chunk. A refused request's connection is closed. A body cut short
 * (the sender closes) or with malformed chunked framing ends with the connection closed by the HTTP layer and no
 * answer; a body cut short while the sender waits gets 408 at the deadline. Everything runs on the event loop,
 * with a timer for the deadline.
 */
@ApplicationScoped
public class WebhookBodyReader implements Handler<RoutingContext> {

    private static final int MAX_PREALLOCATED_BYTES = 64 * 1024;

    private final WebhookEdges edges;
    private final IngestMetrics metrics;
    private final InFlightBodies budget;
    private final long maxBodyBytes;
    private final long timeoutMillis;
    private final String retryAfterSeconds;

    public WebhookBodyReader(IngestConfig config, WebhookEdges edges, IngestMetrics metrics,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.edges = edges;
        this.metrics = metrics;
        this.budget = new InFlightBodies(config.inFlightBodyBudget().asLongValue());
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.timeoutMillis = Math.max(1, config.bodyTimeout().toMillis());
        this.retryAfterSeconds = String.valueOf(Math.max(1, config.retryAfter().toSeconds()));
        metrics.watchInFlightBodies(budget::reserved, budget.budget());
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long declared;
        try {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -2;
        }
        boolean streamed = request.version() == HttpVersion.HTTP_2
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (declared < -1) {
            refuse(rc, 400, "framing", "invalid-framing", "Content-Length is not a number");
            return;
        }
        if (declared > maxBodyBytes) {
            refuse(rc, 413, "size", "too-large", "body larger than quarkus.http.limits.max-body-size");
            return;
        }
        if (request.isEnded() || (declared == -1 && !streamed)) {
            ((RoutingContextInternal) rc).setBody(Buffer.buffer());
            rc.next();
            return;
        }
        long reserve = Math.max(0, declared);
        if (!budget.tryReserve(reserve)) {
            overBudget(rc);
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            budget.release(reserve);
            refuse(rc, 417, "framing", "expectation-failed", "only Expect: 100-continue is understood");
            return;
        }
        Read read = new Read(rc, reserve, declared);
        rc.addEndHandler(ended -> read.release());
        read.timer = rc.vertx().setTimer(timeoutMillis, id -> read.expire());
        if (expect != null && request.version() != HttpVersion.HTTP_1_0) {
            rc.response().writeContinue();
        }
        request.handler(read::chunk).endHandler(read::end).exceptionHandler(read::fail).resume();
    }

    private void overBudget(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        refuse(rc, 503, "budget", "busy",
                "too many webhook bodies in flight (shopstream.ingest.in-flight-body-budget); retry later");
    }

    private void refuse(RoutingContext rc, int status, String reason, String kind, String detail) {
        metrics.bodyRefused(reason);
        String title = switch (status) {
            case 408 -> "Body not received in time";
            case 413 -> "Body too large";
            case 503 -> "Busy";
            default -> "Bad request framing";
        };
        edges.refuse(rc, Problem.of(kind, title, status, detail, CorrelationFilter.of(rc)), true);
    }

    /** One body being read: its buffer, its reservation, its deadline. Only ever touched on its event loop. */
    private final class Read {
        private final RoutingContext rc;
        private final Buffer body;
        private long reserved;
        private long timer = -1;
        private boolean over;
        private boolean released;

        Read(RoutingContext rc, long reserved, long declared) {
            this.rc = rc;
            this.reserved = reserved;
            this.body = Buffer.buffer((int) Math.min(declared < 0 ? 1024 : declared, MAX_PREALLOCATED_BYTES));
        }

        void chunk(Buffer chunk) {
            if (over) {
                return;
            }
            long size = (long) body.length() + chunk.length();
            if (size > maxBodyBytes) {
                stop();
                refuse(rc, 413, "size", "too-large", "body larger than quarkus.http.limits.max-body-size");
                return;
            }
            if (size > reserved) {
                if (!budget.tryReserve(size - reserved)) {
                    stop();
                    overBudget(rc);
                    return;
                }
                reserved = size;
            }
            body.appendBuffer(chunk);
        }

        void end(Void ended) {
            if (over) {
                return;
            }
            stop();
            ((RoutingContextInternal) rc).setBody(body);
            rc.next();
        }

        void expire() {
            timer = -1;
            if (over) {
                return;
            }
            stop();
            refuse(rc, 408, "deadline", "body-timeout",
                    "the body did not arrive within shopstream.ingest.body-timeout");
        }

        /**
         * The HTTP layer closes the connection on malformed framing and on a sender's close alike (the close reaches
         * {@link #release()} first); there is nobody to answer.
         */
        void fail(Throwable failure) {
            if (failure instanceof DecoderException) {
                metrics.bodyRefused("framing");
            }
            release();
        }

        private void stop() {
            over = true;
            if (timer != -1) {
                rc.vertx().cancelTimer(timer);
                timer = -1;
            }
        }

        void release() {
            if (!over) {
                WebhookOutcome.of(rc).rejection = "connection closed while the body was being read"
                        + " (cut short, or malformed framing)";
            }
            stop();
            if (!released) {
                released = true;
                budget.release(reserved);
            }
        }
    }
}
