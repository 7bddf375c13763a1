package io.shopstream.devservices.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import io.shopstream.shopify.PlanLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A Shopify Admin API simulator for tests, benchmarks, the local stack and {@code quarkus:dev}: GraphQL
 * ({@code /{shop}/admin/api/{version}/graphql.json}) and legacy REST ({@code /{shop}/admin/api/{version}/...}) per
 * shop, with Shopify's cost bucket ({@code extensions.cost}, THROTTLED at HTTP 200 or 429, MAX_COST_EXCEEDED above
 * 1,000 requested points), REST call limits (header, 429 + Retry-After), {@code @idempotent(key:)} on inventory
 * mutations, compare-and-swap, and injected faults (see {@link SimulatedShop}). Point
 * {@code shopstream.shopify.admin-base-url} at {@code http://127.0.0.1:<port>/{shop}}.
 * <p>
 * Shops appear on first use with the default plan; seed them with {@link #shop(String)} or
 * {@code PUT /_simulator/shops/{shop}} (see {@link SimulatorAdminRoutes}). Every request is recorded
 * ({@link #requests()}) unless recording is off (benchmarks), and counted per shop ({@link #stats()}: mutations
 * applied, idempotent replays, THROTTLED answers, the lowest bucket level). A document may hold several top-level
 * fields (one combined write-back mutation per order): each runs with its own arguments and costs add up. Orders are
 * seeded in the webhook shape and answered in the GraphQL shape. With {@link #webhooks(String)} set, the app's writes
 * come back as Shopify's signed webhooks ({@code orders/updated}, {@code products/update},
 * {@code inventory_levels/update}).
 * Never part of a production start: dev mode's {@code EmbeddedServices}, test resources and benchmarks start it.
 */
public final class ShopifySimulator {

    public static final double SINGLE_QUERY_MAX_COST = 1000;
    private static final String LOOPBACK = "127.0.0.1";
    static final String THROTTLE_DOCS = "https://shopify.dev/api/usage/rate-limits";

    /**
     * Per shop: requests (all), THROTTLED responses, points charged, mutations applied (effects executed, idempotent
     * replays and rejected writes not included), idempotent replays, the lowest {@code currentlyAvailable} right
     * after a charge (null before the first; never below zero), echoed webhooks delivered and given up on.
     */
    public record ShopStats(long requests, long throttled, double pointsCharged, long mutationsApplied,
            long idempotentReplays, Double lowestAvailable, long echoesSent, long echoesFailed) {
    }

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final DoubleAdder points = new DoubleAdder();
        final LongAdder applied = new LongAdder();
        final LongAdder replayed = new LongAdder();
        final DoubleAccumulator lowest = new DoubleAccumulator(Math::min, Double.POSITIVE_INFINITY);
        final LongAdder echoesSent = new LongAdder();
        final LongAdder echoesFailed = new LongAdder();

        ShopStats stats() {
            double low = lowest.get();
            return new ShopStats(requests.sum(), throttled.sum(), points.sum(), applied.sum(), replayed.sum(),
                    Double.isInfinite(low) ? null : low, echoesSent.sum(), echoesFailed.sum());
        }
    }

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Map<String, SimulatedShop> shops = new ConcurrentHashMap<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final List<SimulatedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile PlanLimits defaultPlan = PlanLimits.STANDARD;
    private volatile boolean recording = true;
    private final WebhookEchoes echoes;
    private HttpServer server;

    private ShopifySimulator(Vertx vertx, boolean ownsVertx) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.echoes = new WebhookEchoes(vertx);
    }

    /**
     * Starts on {@code host}:{@code port} (0: any free port; a container: {@code 0.0.0.0}) with its own Vert.x
     * instance; completes when listening. Stop it with {@link #stop()}.
     */
    public static CompletionStage<ShopifySimulator> start(String host, int port) {
        ShopifySimulator simulator = new ShopifySimulator(Vertx.vertx(), true);
        return simulator.listen(host, port).map(server -> simulator).toCompletionStage();
    }

    /** Starts on {@code port} on the given Vert.x (dev mode: the application's); completes when listening. */
    public static Future<ShopifySimulator> start(Vertx vertx, int port) {
        ShopifySimulator simulator = new ShopifySimulator(vertx, false);
        return simulator.listen(LOOPBACK, port).map(server -> simulator);
    }

    private Future<HttpServer> listen(String host, int port) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(10 * 1024 * 1024));
        new SimulatorAdminRoutes(this).register(router);
        router.post("/:shop/admin/api/:version/graphql.json").handler(this::graphql);
        router.route("/:shop/admin/api/:version/*").handler(this::rest);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router).listen().onSuccess(started -> server = started);
    }

    public int port() {
        return server.actualPort();
    }

    /** The base URL template for {@code shopstream.shopify.admin-base-url}. */
    public String baseUrlTemplate() {
        return "http://127.0.0.1:" + port() + "/{shop}";
    }

    /** The shop, created with the default plan on first use. */
    public SimulatedShop shop(String domain) {
        return shops.computeIfAbsent(domain, d -> new SimulatedShop(d, defaultPlan));
    }

    /** Forgets every shop, request and counter. */
    public void reset() {
        shops.clear();
        counters.clear();
        requests.clear();
    }

    public void defaultPlan(PlanLimits plan) {
        this.defaultPlan = plan;
    }

    /** Off: requests are only counted ({@link #stats()}), not kept (long benchmarks). */
    public void recording(boolean value) {
        this.recording = value;
    }

    /**
     * Where to POST the webhooks Shopify would send after the app's writes ({@code orders/updated},
     * {@code products/update}, {@code inventory_levels/update}), e.g. {@code http://127.0.0.1:8080/webhooks/shopify};
     * null (the default): none. Signed with each shop's {@link SimulatedShop#webhookSecret(String)}.
     */
    public void webhooks(String url) {
        echoes.url(url);
    }

    public String webhooks() {
        return echoes.url();
    }

    public List<SimulatedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<SimulatedRequest> requests(String shop) {
        List<SimulatedRequest> result = new ArrayList<>();
        for (SimulatedRequest request : requests) {
            if (request.shop().equals(shop)) {
                result.add(request);
            }
        }
        return result;
    }

    public void clearRequests() {
        requests.clear();
    }

    public Map<String, ShopStats> stats() {
        Map<String, ShopStats> stats = new java.util.TreeMap<>();
        counters.forEach((shop, c) -> stats.put(shop, c.stats()));
        return stats;
    }

    /**
     * Stops listening, and closes its own Vert.x instance if it has one; completes when done. The Vert.x instance is
     * closed from a thread of the common pool, never from one of its own threads.
     */
    public CompletionStage<Void> stop() {
        echoes.close();
        CompletionStage<Void> closed = server == null ? CompletableFuture.completedFuture(null)
                : server.close().toCompletionStage();
        return ownsVertx ? closed.thenComposeAsync(done -> vertx.close().toCompletionStage()) : closed;
    }

    // ---- GraphQL

    private void graphql(RoutingContext context) {
        HttpServerRequest request = context.request();
        String domain = context.pathParam("shop");
        SimulatedShop shop = shop(domain);
        long nanos = System.nanoTime();
        String correlation = request.getHeader("X-Correlation-Id");
        JsonObject body;
        try {
            body = context.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || !(body.getValue("query") instanceof String document)) {
            record(domain, "graphql", null, correlation, nanos, null, null, 400, "error", null);
            send(context, 400, new JsonObject().put("errors", new JsonArray().add(
                    GraphQlOperations.error("Parameter 'query' is required", "BAD_REQUEST"))), Duration.ZERO, null);
            return;
        }
        JsonObject variables = body.getValue("variables") instanceof JsonObject v ? v : new JsonObject();
        List<GraphQlDocument.Field> fields = GraphQlDocument.topFields(document, variables);
        String field = fields.isEmpty() ? GraphQlOperations.topField(document)
                : String.join(",", fields.stream().map(GraphQlDocument.Field::name).toList());
        String operation = body.getValue("operationName") instanceof String name && !name.isBlank() ? name : field;
        String key = GraphQlOperations.idempotencyKey(document, variables);
        if (shop.refuses(request.getHeader("X-Shopify-Access-Token"))) {
            record(domain, "graphql", operation, correlation, nanos, null, null, 401, "unauthorized", key);
            send(context, 401, new JsonObject().put("errors",
                    "[API] Invalid API key or access token (unrecognized login or wrong password)"), Duration.ZERO, null);
            return;
        }
        int forced = shop.takeServerError();
        if (forced > 0) {
            record(domain, "graphql", operation, correlation, nanos, null, null, forced, "server_error", key);
            send(context, forced, new JsonObject().put("errors", "Internal Server Error"), Duration.ZERO, null);
            return;
        }
        boolean mutation = fields.stream().anyMatch(f -> GraphQlOperations.MUTATIONS.contains(f.name()));
        double requested = QueryCosts.requested(fields, document, variables, mutation);
        if (requested > SINGLE_QUERY_MAX_COST) {
            record(domain, "graphql", operation, correlation, nanos, requested, null, 200, "max_cost_exceeded", key);
            send(context, 200, maxCostExceeded(requested), Duration.ZERO, null);
            return;
        }
        GraphQlOperations.Result result;
        JsonObject cost;
        SimulatedShop.ResponseDelay delay;
        SimulatedChanges changes = new SimulatedChanges();
        List<WebhookEchoes.Echo> echoed = List.of();
        String secret;
        synchronized (shop) {
            if (!shop.graphql.tryTake(requested)) {
                JsonObject throttled = new JsonObject()
                        .put("errors", new JsonArray().add(new JsonObject().put("message", "Throttled")
                                .put("extensions", new JsonObject().put("code", "THROTTLED")
                                        .put("documentation", THROTTLE_DOCS))))
                        .put("extensions", new JsonObject().put("cost", cost(shop, requested, null)));
                boolean with429 = shop.throttlesWith429();
                String retryAfter = with429 ? seconds(shop.graphql.secondsUntil(requested)) : null;
                record(domain, "graphql", operation, correlation, nanos, requested, null, with429 ? 429 : 200,
                        "throttled", key);
                send(context, with429 ? 429 : 200, throttled, Duration.ZERO, retryAfter);
                return;
            }
            counters(domain).lowest.accumulate(shop.graphql.available());
            result = GraphQlOperations.execute(shop, fields, changes);
            if (echoes.on()) {
                echoed = SimulatedEchoes.of(shop, changes);
            }
            secret = shop.webhookSecret();
            shop.graphql.give(requested - result.actualCost());
            cost = cost(shop, requested, result.actualCost());
            delay = shop.takeResponseDelay();
        }
        Counters counted = counters(domain);
        counted.applied.add(changes.applied);
        counted.replayed.add(changes.replayed);
        JsonObject response = new JsonObject();
        if (result.errors() != null) {
            response.put("errors", result.errors());
        }
        if (result.data() != null) {
            response.put("data", result.data());
        }
        response.put("extensions", new JsonObject().put("cost", cost));
        record(domain, "graphql", operation, correlation, nanos, requested, result.actualCost(), 200,
                delay.timeout() ? "timeout_after_apply" : result.outcome(), key);
        send(context, 200, response, delay.delay(), null);
        echo(domain, secret, context.pathParam("version"), echoed);
    }

    /** After the response: the echoes of one request share an event id, as webhooks of one event do. */
    private void echo(String domain, String secret, String version, List<WebhookEchoes.Echo> echoed) {
        if (echoed.isEmpty()) {
            return;
        }
        String eventId = UUID.randomUUID().toString();
        Counters counted = counters(domain);
        vertx.runOnContext(next -> echoed.forEach(echo -> echoes.send(domain, secret, version, eventId, echo,
                delivered -> (delivered ? counted.echoesSent : counted.echoesFailed).increment())));
    }

    private Counters counters(String shop) {
        return counters.computeIfAbsent(shop, s -> new Counters());
    }

    private static JsonObject cost(SimulatedShop shop, double requested, Double actual) {
        JsonObject cost = new JsonObject().put("requestedQueryCost", (int) Math.round(requested));
        if (actual == null) {
            cost.putNull("actualQueryCost");
        } else {
            cost.put("actualQueryCost", (int) Math.round(actual));
        }
        return cost.put("throttleStatus", new JsonObject()
                .put("maximumAvailable", shop.graphql.maximum())
                .put("currentlyAvailable", Math.floor(shop.graphql.available()))
                .put("restoreRate", shop.graphql.rate()));
    }

    private static JsonObject maxCostExceeded(double requested) {
        int cost = (int) Math.round(requested);
        String message = "Query cost is " + cost + ", which exceeds the single query max cost limit (1000).\n\n"
                + "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
                + "cost of a query is calculated.\n\n"
                + "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n"
                + "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n";
        return new JsonObject().put("errors", new JsonArray().add(new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", "MAX_COST_EXCEEDED").put("cost", cost)
                        .put("maxCost", (int) SINGLE_QUERY_MAX_COST).put("documentation", THROTTLE_DOCS))));
    }

    // ---- REST

    private void rest(RoutingContext context) {
        HttpServerRequest request = context.request();
        String domain = context.pathParam("shop");
        SimulatedShop shop = shop(domain);
        long nanos = System.nanoTime();
        String correlation = request.getHeader("X-Correlation-Id");
        String path = context.pathParam("*");
        if (shop.refuses(request.getHeader("X-Shopify-Access-Token"))) {
            record(domain, "rest", path, correlation, nanos, null, null, 401, "unauthorized", null);
            send(context, 401, new JsonObject().put("errors",
                    "[API] Invalid API key or access token (unrecognized login or wrong password)"), Duration.ZERO, null);
            return;
        }
        int forced = shop.takeServerError();
        if (forced > 0) {
            record(domain, "rest", path, correlation, nanos, null, null, forced, "server_error", null);
            send(context, forced, new JsonObject().put("errors", "Internal Server Error"), Duration.ZERO, null);
            return;
        }
        String callLimit;
        JsonObject body;
        int status;
        synchronized (shop) {
            if (!shop.rest.tryTake(1)) {
                callLimit = (int) shop.rest.maximum() + "/" + (int) shop.rest.maximum();
                String retryAfter = seconds(Math.max(shop.rest.secondsUntil(1), 1 / shop.rest.rate()));
                record(domain, "rest", path, correlation, nanos, null, null, 429, "throttled", null);
                context.response().putHeader("X-Shopify-Shop-Api-Call-Limit", callLimit);
                send(context, 429, new JsonObject().put("errors", "Exceeded " + (int) shop.rest.rate()
                        + " calls per second for api client. Reduce request rates to resume uninterrupted service."),
                        Duration.ZERO, retryAfter);
                return;
            }
            callLimit = (int) Math.ceil(shop.rest.maximum() - shop.rest.available()) + "/"
                    + (int) shop.rest.maximum();
            body = RestResources.get(shop, request.method().name(), path);
            status = body == null ? 404 : 200;
        }
        record(domain, "rest", path, correlation, nanos, null, null, status, status == 200 ? "ok" : "error", null);
        context.response().putHeader("X-Shopify-Shop-Api-Call-Limit", callLimit);
        send(context, status, body == null ? new JsonObject().put("errors", "Not Found") : body, Duration.ZERO, null);
    }

    // ---- shared

    private void record(String shop, String api, String operation, String correlation, long nanos, Double requested,
            Double actual, int status, String outcome, String key) {
        Counters c = counters(shop);
        c.requests.increment();
        if ("throttled".equals(outcome)) {
            c.throttled.increment();
        }
        if (actual != null) {
            c.points.add(actual);
        }
        if (recording) {
            requests.add(new SimulatedRequest(shop, api, operation, correlation, Instant.now(), nanos, requested,
                    actual, status, outcome, key));
        }
    }

    private void send(RoutingContext context, int status, JsonObject body, Duration delay, String retryAfter) {
        HttpServerResponse response = context.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("X-Request-Id", UUID.randomUUID().toString())
                .putHeader("X-Shopify-API-Version", context.pathParam("version"));
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        Buffer buffer = body.toBuffer();
        long millis = delay.toMillis();
        if (millis <= 0) {
            response.end(buffer);
        } else {
            vertx.setTimer(millis, id -> {
                if (!response.closed() && !response.ended()) {
                    response.end(buffer);
                }
            });
        }
    }

    /** Seconds as Shopify writes them in Retry-After: {@code "2.0"}. */
    private static String seconds(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.1f", Math.ceil(seconds * 10) / 10);
    }
}
