package io.shopstream.shopify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopstream.shopify.ShopStates.ShopState;
import io.shopstream.support.correlation.CorrelationId;
import io.shopstream.support.timers.Delays;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The Shopify Admin API client: GraphQL ({@link #graphql}) and legacy REST ({@link #rest}), paced per shop so that a
 * backlog drains at the shop's full restore rate without being throttled, with typed failures:
 * <ul>
 * <li>THROTTLED (HTTP 200 or 429): waits {@code (requested - available) / restoreRate}, or {@code Retry-After}, and
 * retries at the head of the shop's queue;</li>
 * <li>5xx, timeouts, connection errors: exponential backoff with full jitter, up to max-attempts and the
 * deadline, then {@link ShopifyUnavailableException};</li>
 * <li>401/403: {@link ShopCredentialsInvalidException}, and no further call to the shop until new credentials are
 * stored;</li>
 * <li>the app is uninstalled from the shop ({@link CredentialsSource#active}): {@link ShopUninstalledException},
 * before anything is sent;</li>
 * <li>MAX_COST_EXCEEDED ({@link MaxCostExceededException}), other errors ({@link ShopifyGraphQlException}) and
 * userErrors ({@link ShopifyUserErrorsException}): permanent, not retried.</li>
 * </ul>
 * Every request carries the caller's correlation ID ({@code X-Correlation-Id}, and in the MDC of every log line).
 * Nothing blocks: waits are Vert.x timers.
 */
public class ShopifyAdminClient implements AutoCloseable {

    static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";
    static final String CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit";
    private static final Logger LOG = Logger.getLogger(ShopifyAdminClient.class);
    private static final Duration THROTTLE_FALLBACK = Duration.ofSeconds(1);
    /**
     * Jackson's streaming codec, not the ObjectMapper one ({@code Json.CODEC}): this runs twice per attempt, and
     * the ObjectMapper builds a serializer provider per call (a tenth of the client's CPU with 1,000 busy shops).
     */
    private static final JacksonCodec JSON = new JacksonCodec();

    /** How a request enters its shop's queue. */
    private enum Admission {
        FIRST(false, true), RETRY(true, true), AFTER_THROTTLE(true, false);

        final boolean retry;
        final boolean withMargin;

        Admission(boolean retry, boolean withMargin) {
            this.retry = retry;
            this.withMargin = withMargin;
        }
    }

    /** One call across its attempts (attempts run one after another). */
    private static final class Call {
        final String shop;
        final String operation;
        final String correlationId;
        final long deadline;
        int attempts;
        int transientFailures;

        Call(String shop, String operation, String correlationId, long deadline) {
            this.shop = shop;
            this.operation = operation;
            this.correlationId = correlationId;
            this.deadline = deadline;
        }
    }

    private final Vertx vertx;
    private final WebClient web;
    private final ClientSettings settings;
    private final CredentialsSource credentials;
    private final AdminApiMetrics metrics;
    private final ShopStates shops;
    private final CostEstimates costs;
    private final Backoff backoff;
    private final LongSupplier clock = System::nanoTime;
    private final long evictionTimer;

    public ShopifyAdminClient(Vertx vertx, ClientSettings settings, CredentialsSource credentials,
            MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.credentials = credentials;
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(settings.maxConnectionsPerHost())
                .setKeepAlive(true)
                .setUserAgent("shopstream")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis())));
        this.shops = new ShopStates(settings.plans(), settings.safetyMargin().toNanos() / 1e9,
                Timers.of(vertx.getDelegate()), settings.maxQueuedPerShop(), clock, settings.idleShopEviction());
        long sweepMillis = Math.max(1000, Math.min(60_000, settings.idleShopEviction().toMillis() / 2));
        this.evictionTimer = vertx.setPeriodic(sweepMillis, id -> shops.evictIdle());
        this.metrics = new AdminApiMetrics(registry, shops);
        this.costs = new CostEstimates(settings.initialQueryCost(), settings.mutationCost());
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Sends a GraphQL operation to the shop, paced by its cost bucket. Fails with the typed exceptions above.
     *
     * @param correlationId of the webhook that caused the call (a new one is minted when null)
     */
    public Uni<GraphQlResponse> graphql(String shop, GraphQlOperation operation, String correlationId) {
        return Uni.createFrom().deferred(() -> {
            ShopDomains.require(shop);
            Call call = new Call(shop, operation.name(), correlationId == null ? CorrelationId.mint() : correlationId,
                    clock.getAsLong() + settings.deadline().toNanos());
            return graphqlAttempt(call, operation, Admission.FIRST);
        });
    }

    /** Sends a legacy REST call to the shop, paced by its leaky bucket. */
    public Uni<RestResponse> rest(String shop, RestRequest request, String correlationId) {
        return Uni.createFrom().deferred(() -> {
            ShopDomains.require(shop);
            Call call = new Call(shop, request.operation(),
                    correlationId == null ? CorrelationId.mint() : correlationId,
                    clock.getAsLong() + settings.deadline().toNanos());
            return restAttempt(call, request, Admission.FIRST);
        });
    }

    /** Requests waiting for the shop's GraphQL rate limit (for tests and diagnostics). */
    public int queued(String shop) {
        return shops.get(shop, null).graphqlPacer.queued();
    }

    @Override
    public void close() {
        vertx.cancelTimer(evictionTimer);
        web.close();
    }

    // ---- GraphQL

    private Uni<GraphQlResponse> graphqlAttempt(Call call, GraphQlOperation operation, Admission admission) {
        return usable(call).chain(creds -> {
            ShopState state = shops.get(call.shop, creds.plan());
            return state.graphqlPacer
                    .acquire(() -> costs.estimate(operation), admission.retry, admission.withMargin, call.operation)
                    .chain(reservation -> usable(call)
                            .onItemOrFailure().transformToUni((current, refused) -> {
                                if (refused != null) {
                                    state.graphql.release(reservation);
                                    state.graphqlPacer.wake();
                                    return Uni.createFrom().failure(refused);
                                }
                                call.attempts++;
                                long sentAt = clock.getAsLong();
                                return request(call, current, "graphql.json", io.vertx.core.http.HttpMethod.POST)
                                        .putHeader("Content-Type", "application/json")
                                        .sendBuffer(Buffer.newInstance(JSON.toBuffer(operation.body(), false)))
                                        .onItemOrFailure().transformToUni((response, failure) -> onGraphql(call,
                                                operation, state, reservation, sentAt, response, failure));
                            }));
        });
    }

    private Uni<GraphQlResponse> onGraphql(Call call, GraphQlOperation operation, ShopState state,
            Reservation reservation, long sentAt, HttpResponse<Buffer> response, Throwable failure) {
        long receivedAt = answeredAt(sentAt);
        if (failure != null) {
            state.graphql.forfeit(reservation);
            state.graphqlPacer.wake();
            return transientFailure(call, failure,
                    () -> graphqlAttempt(call, operation, Admission.RETRY));
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            state.graphql.release(reservation);
            state.graphqlPacer.wake();
            return unauthorized(call, status);
        }
        JsonObject body = jsonObject(response);
        QueryCost cost = body == null ? null : GraphQlBodies.cost(body);
        List<GraphQlError> errors = body == null ? List.of() : GraphQlBodies.errors(body);
        if (status == 429 || GraphQlBodies.has(errors, GraphQlBodies.THROTTLED)) {
            if (cost != null) {
                state.graphql.settle(reservation, cost, receivedAt);
                // the retry must wait for what the query really requests, not for the initial guess
                costs.learn(operation, cost.requestedQueryCost());
            } else {
                state.graphql.release(reservation);
                state.graphql.empty();
            }
            Duration retryAfter = status == 429 ? Backoff.retryAfter(response.getHeader("Retry-After")).orElse(null)
                    : null;
            Duration expected = retryAfter != null ? retryAfter
                    : cost != null && cost.throttleStatus() != null
                            ? Backoff.throttleWait(cost.requestedQueryCost(),
                                    cost.throttleStatus().currentlyAvailable(), cost.throttleStatus().restoreRate())
                            : THROTTLE_FALLBACK;
            state.graphqlPacer.wake();
            metrics.throttle("graphql");
            // THROTTLED at 200: the corrected bucket makes the pacer wait exactly (requested - available) / rate
            return throttled(call, status, expected, retryAfter != null ? retryAfter : Duration.ZERO,
                    () -> graphqlAttempt(call, operation, Admission.AFTER_THROTTLE));
        }
        if (status >= 500 || body == null) {
            state.graphql.forfeit(reservation);
            state.graphqlPacer.wake();
            return serverError(call, status, () -> graphqlAttempt(call, operation, Admission.RETRY));
        }
        if (GraphQlBodies.has(errors, GraphQlBodies.MAX_COST_EXCEEDED)) {
            state.graphql.release(reservation);
            state.graphqlPacer.wake();
            metrics.call(call.operation, CallOutcome.MAX_COST_EXCEEDED);
            JsonObject extensions = errors.stream().filter(e -> GraphQlBodies.MAX_COST_EXCEEDED.equals(e.code()))
                    .findFirst().orElseThrow().extensions();
            log(call, Logger.Level.WARN, "Admin API %s for %s: MAX_COST_EXCEEDED (cost %s, max %s), not retried",
                    call.operation, call.shop, extensions.getValue("cost"), extensions.getValue("maxCost"));
            return Uni.createFrom().failure(new MaxCostExceededException(call.shop, call.operation, errors,
                    number(extensions.getValue("cost")), number(extensions.getValue("maxCost"))));
        }
        if (cost != null) {
            state.graphql.settle(reservation, cost, receivedAt);
            costs.learn(operation, cost.requestedQueryCost());
        } else {
            state.graphql.forfeit(reservation);
        }
        state.graphqlPacer.wake();
        if (status != 200 || !errors.isEmpty()) {
            metrics.call(call.operation, CallOutcome.CLIENT_ERROR);
            List<GraphQlError> reported = errors.isEmpty()
                    ? List.of(new GraphQlError("HTTP_" + status, "HTTP " + status, new JsonObject()))
                    : errors;
            log(call, Logger.Level.WARN, "Admin API %s for %s failed: HTTP %d, errors %s, not retried",
                    call.operation, call.shop, status, reported.stream().map(GraphQlError::code).toList());
            return Uni.createFrom().failure(new ShopifyGraphQlException(call.shop, call.operation, reported));
        }
        JsonObject data = body.getValue("data") instanceof JsonObject d ? d : new JsonObject();
        Map.Entry<String, List<UserError>> userErrors = GraphQlBodies.userErrors(data);
        if (userErrors != null) {
            metrics.call(call.operation, CallOutcome.USER_ERRORS);
            ShopifyUserErrorsException rejected = new ShopifyUserErrorsException(call.shop, call.operation,
                    userErrors.getKey(), userErrors.getValue(), data);
            log(call, Logger.Level.INFO, "Admin API %s for %s: %s returned userErrors %s, not retried",
                    call.operation, call.shop, userErrors.getKey(), rejected.codes());
            return Uni.createFrom().failure(rejected);
        }
        metrics.call(call.operation, CallOutcome.SUCCESS);
        return Uni.createFrom().item(new GraphQlResponse(data, cost, call.attempts, response.getHeader("X-Request-Id")));
    }

    // ---- REST

    private Uni<RestResponse> restAttempt(Call call, RestRequest rest, Admission admission) {
        return usable(call).chain(creds -> {
            ShopState state = shops.get(call.shop, creds.plan());
            return state.restPacer.acquire(1, admission.retry, admission.withMargin, call.operation)
                    .chain(reservation -> usable(call)
                            .onFailure().invoke(() -> {
                                state.rest.release(reservation);
                                state.restPacer.wake();
                            })
                            .chain(current -> {
                                call.attempts++;
                                long sentAt = clock.getAsLong();
                                HttpRequest<Buffer> request = request(call, current, rest.path(), rest.method());
                                Uni<HttpResponse<Buffer>> sent = rest.body() == null ? request.send()
                                        : request.sendJsonObject(rest.body());
                                return sent.onItemOrFailure().transformToUni((response, failure) ->
                                        onRest(call, rest, state, reservation, sentAt, response, failure));
                            }));
        });
    }

    private Uni<RestResponse> onRest(Call call, RestRequest rest, ShopState state, Reservation reservation,
            long sentAt, HttpResponse<Buffer> response, Throwable failure) {
        long receivedAt = answeredAt(sentAt);
        if (failure != null) {
            state.rest.settle(reservation, null, receivedAt);
            state.restPacer.wake();
            return transientFailure(call, failure, () -> restAttempt(call, rest, Admission.RETRY));
        }
        int status = response.statusCode();
        String callLimit = response.getHeader(CALL_LIMIT_HEADER);
        if (status == 401 || status == 403) {
            state.rest.release(reservation);
            state.restPacer.wake();
            return unauthorized(call, status);
        }
        if (status == 429) {
            Duration retryAfter = Backoff.retryAfter(response.getHeader("Retry-After")).orElse(THROTTLE_FALLBACK);
            state.rest.throttled(reservation, retryAfter.toNanos());
            state.restPacer.wake();
            metrics.throttle("rest");
            return throttled(call, status, retryAfter, Duration.ZERO,
                    () -> restAttempt(call, rest, Admission.AFTER_THROTTLE));
        }
        state.rest.settle(reservation, callLimit, receivedAt);
        state.restPacer.wake();
        if (status >= 500) {
            return serverError(call, status, () -> restAttempt(call, rest, Admission.RETRY));
        }
        if (status >= 300) {
            metrics.call(call.operation, CallOutcome.CLIENT_ERROR);
            log(call, Logger.Level.WARN, "Admin API %s for %s failed: HTTP %d, not retried", call.operation,
                    call.shop, status);
            return Uni.createFrom().failure(new ShopifyRestException(call.shop, call.operation, status));
        }
        metrics.call(call.operation, CallOutcome.SUCCESS);
        JsonObject body = jsonObject(response);
        return Uni.createFrom().item(new RestResponse(status, body == null ? new JsonObject() : body, callLimit,
                call.attempts, response.getHeader("X-Request-Id")));
    }

    // ---- shared

    /**
     * When Shopify most likely wrote the bucket state of a response: half-way through the round trip. Counting the
     * refill only from the arrival would lose one-way latency of restore per response, i.e. throughput on a slow
     * link; the safety margin absorbs the error of the estimate (at most half a round trip).
     */
    private long answeredAt(long sentAt) {
        long now = clock.getAsLong();
        return sentAt + (now - sentAt) / 2;
    }

    private HttpRequest<Buffer> request(Call call, ShopCredentials creds, String path,
            io.vertx.core.http.HttpMethod method) {
        return web.requestAbs(method, settings.url(call.shop, path))
                .putHeader(ACCESS_TOKEN_HEADER, creds.token().value())
                .putHeader(CorrelationId.HTTP_HEADER, call.correlationId)
                .putHeader("Accept", "application/json")
                .timeout(settings.requestTimeout().toMillis());
    }

    /** The shop's credentials, or a failure when the shop is uninstalled, has none, or Shopify refused them. */
    private Uni<ShopCredentials> usable(Call call) {
        return credentials.access(call.shop).map(access -> usable(call, access));
    }

    private static ShopCredentials usable(Call call, CredentialsSource.Access access) {
        if (!access.active()) {
            throw new ShopUninstalledException(call.shop, call.operation);
        }
        ShopCredentials creds = access.credentials();
        if (creds == null) {
            throw new ShopCredentialsInvalidException(call.shop, call.operation,
                    "no Admin API access token stored or configured for the shop");
        }
        if (creds.invalid()) {
            throw new ShopCredentialsInvalidException(call.shop, call.operation,
                    "Shopify refused the shop's access token at " + creds.invalidSince()
                            + "; store new credentials to resume");
        }
        return creds;
    }

    private <T> Uni<T> unauthorized(Call call, int status) {
        metrics.call(call.operation, CallOutcome.UNAUTHORIZED);
        credentials.markInvalid(call.shop, call.correlationId);
        log(call, Logger.Level.WARN, "Admin API %s for %s: HTTP %d, the shop's credentials are invalid; no further "
                + "calls to the shop until new ones are stored", call.operation, call.shop, status);
        return Uni.createFrom().failure(new ShopCredentialsInvalidException(call.shop, call.operation,
                "Shopify answered HTTP " + status + " (access token revoked or app uninstalled)"));
    }

    /** Throttled: retried after {@code delay} (Retry-After; zero when the shop's pacer does the waiting). */
    private <T> Uni<T> throttled(Call call, int status, Duration expected, Duration delay, Supplier<Uni<T>> retry) {
        metrics.call(call.operation, CallOutcome.THROTTLED);
        if (clock.getAsLong() + expected.toNanos() > call.deadline) {
            log(call, Logger.Level.WARN, "Admin API %s for %s throttled (HTTP %d); waiting %d ms would pass the "
                    + "deadline: giving up", call.operation, call.shop, status, expected.toMillis());
            return Uni.createFrom().failure(new ShopifyUnavailableException(call.shop, call.operation,
                    CallOutcome.THROTTLED, call.attempts, "throttled beyond the deadline"));
        }
        metrics.retry(CallOutcome.THROTTLED);
        log(call, Logger.Level.INFO, "Admin API %s for %s throttled (HTTP %d): retrying in %d ms", call.operation,
                call.shop, status, expected.toMillis());
        return Delays.after(vertx.getDelegate(), delay).chain(() -> retry.get());
    }

    private <T> Uni<T> serverError(Call call, int status, Supplier<Uni<T>> retry) {
        metrics.call(call.operation, CallOutcome.SERVER_ERROR);
        return retryTransient(call, CallOutcome.SERVER_ERROR, "HTTP " + status, retry);
    }

    private <T> Uni<T> transientFailure(Call call, Throwable failure, Supplier<Uni<T>> retry) {
        CallOutcome outcome = isTimeout(failure) ? CallOutcome.TIMEOUT : CallOutcome.CONNECTION_ERROR;
        metrics.call(call.operation, outcome);
        return retryTransient(call, outcome, failure.getClass().getSimpleName(), retry);
    }

    private <T> Uni<T> retryTransient(Call call, CallOutcome outcome, String detail, Supplier<Uni<T>> retry) {
        call.transientFailures++;
        Duration wait = backoff.beforeRetry(call.transientFailures);
        if (call.transientFailures >= settings.maxAttempts()
                || clock.getAsLong() + wait.toNanos() > call.deadline) {
            log(call, Logger.Level.WARN, "Admin API %s for %s: %s (%s) on attempt %d, giving up", call.operation,
                    call.shop, outcome.tag(), detail, call.attempts);
            return Uni.createFrom().failure(new ShopifyUnavailableException(call.shop, call.operation, outcome,
                    call.attempts, detail));
        }
        metrics.retry(outcome);
        log(call, Logger.Level.INFO, "Admin API %s for %s: %s (%s) on attempt %d, retrying in %d ms",
                call.operation, call.shop, outcome.tag(), detail, call.attempts, wait.toMillis());
        return Delays.after(vertx.getDelegate(), wait).chain(() -> retry.get());
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.netty.handler.timeout.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject jsonObject(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            Object value = JSON.fromBuffer(body.getDelegate());
            return value instanceof JsonObject object ? object : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Logs with the call's correlation ID in the MDC, whatever thread or timer this runs on. */
    private static void log(Call call, Logger.Level level, String format, Object... parameters) {
        CorrelationId.inMdc(call.correlationId, () -> LOG.logf(level, format, parameters));
    }
}
