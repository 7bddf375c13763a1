package io.shopstream.devservices.simulator;

import java.time.Duration;
import java.util.List;

import io.shopstream.shopify.PlanLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The simulator's own HTTP API, for the local stack and benchmarks (tests can use the Java API instead):
 * <ul>
 * <li>{@code PUT /_simulator/shops/{shop}}: seed {@code {"plan": {"maximumAvailable", "restoreRate",
 * "restBucketSize", "restLeakRate"}, "currentlyAvailable", "accessToken", "webhookSecret", "orders": [order JSON,
 * webhook shape as in orders/create], "products": [{"id" (gid), "title", "tags"} or a products/update payload],
 * "inventory": [{"inventoryItemId", "sku", "locationId", "available", "onHand"}]}} (all optional)</li>
 * <li>{@code POST /_simulator/shops/{shop}/orders/{id}/edit}: a merchant's order edit, {@code {"line_items": [...],
 * "total_price": "..."}} (webhook shape; {@code id} numeric or a gid); 404 for an unknown order</li>
 * <li>{@code PUT /_simulator/webhooks}: {@code {"url": "http://127.0.0.1:8080/webhooks/shopify"}} echoes
 * webhooks after the app's writes; {@code {"url": null}} stops them</li>
 * <li>{@code POST /_simulator/shops/{shop}/faults}: {@code {"serverErrors": n, "status": 503, "delayMs",
 * "timeoutsAfterApply": n, "hangMs", "unauthorized": bool, "throttleWith429": bool}}</li>
 * <li>{@code GET /_simulator/requests?shop=}, {@code DELETE /_simulator/requests}, {@code GET /_simulator/stats},
 * {@code POST /_simulator/reset}</li>
 * </ul>
 */
final class SimulatorAdminRoutes {

    private final ShopifySimulator simulator;

    SimulatorAdminRoutes(ShopifySimulator simulator) {
        this.simulator = simulator;
    }

    void register(Router router) {
        router.put("/_simulator/shops/:shop").handler(this::seed);
        router.post("/_simulator/shops/:shop/faults").handler(this::faults);
        router.post("/_simulator/shops/:shop/orders/:id/edit").handler(this::editOrder);
        router.put("/_simulator/webhooks").handler(context -> {
            simulator.webhooks(body(context).getString("url"));
            context.response().setStatusCode(204).end();
        });
        router.get("/_simulator/requests").handler(this::requests);
        router.delete("/_simulator/requests").handler(context -> {
            simulator.clearRequests();
            context.response().setStatusCode(204).end();
        });
        router.get("/_simulator/stats").handler(this::stats);
        router.post("/_simulator/reset").handler(context -> {
            simulator.reset();
            context.response().setStatusCode(204).end();
        });
    }

    private void seed(RoutingContext context) {
        JsonObject seed = body(context);
        SimulatedShop shop = simulator.shop(context.pathParam("shop"));
        if (seed.getValue("plan") instanceof JsonObject plan) {
            PlanLimits base = PlanLimits.STANDARD;
            shop.plan(new PlanLimits(plan.getDouble("maximumAvailable", base.maximumAvailable()),
                    plan.getDouble("restoreRate", base.restoreRate()),
                    plan.getDouble("restBucketSize", base.restBucketSize()),
                    plan.getDouble("restLeakRate", base.restLeakRate())));
        }
        if (seed.getValue("currentlyAvailable") instanceof Number points) {
            shop.currentlyAvailable(points.doubleValue());
        }
        if (seed.getValue("accessToken") instanceof String token) {
            shop.accessToken(token);
        }
        if (seed.getValue("webhookSecret") instanceof String secret) {
            shop.webhookSecret(secret);
        }
        seed.getJsonArray("orders", new JsonArray()).forEach(order -> shop.order((JsonObject) order));
        seed.getJsonArray("products", new JsonArray()).forEach(item -> {
            JsonObject product = (JsonObject) item;
            if (product.getValue("id") instanceof Number) {
                shop.product(product);
                return;
            }
            List<String> tags = product.getJsonArray("tags", new JsonArray()).stream().map(String::valueOf).toList();
            shop.product(product.getString("id"), product.getString("title"), tags);
        });
        seed.getJsonArray("inventory", new JsonArray()).forEach(item -> {
            JsonObject level = (JsonObject) item;
            shop.inventoryLevel(level.getString("inventoryItemId"), level.getString("sku"),
                    level.getString("locationId"), level.getInteger("available", 0),
                    level.getInteger("onHand", level.getInteger("available", 0)));
        });
        context.response().setStatusCode(204).end();
    }

    private void editOrder(RoutingContext context) {
        String id = context.pathParam("id");
        try {
            simulator.shop(context.pathParam("shop")).editOrder(id.startsWith("gid://") ? id
                    : "gid://shopify/Order/" + id, body(context));
            context.response().setStatusCode(204).end();
        } catch (IllegalArgumentException e) {
            context.response().setStatusCode(404).end(e.getMessage());
        }
    }

    private void faults(RoutingContext context) {
        JsonObject faults = body(context);
        SimulatedShop shop = simulator.shop(context.pathParam("shop"));
        if (faults.containsKey("serverErrors")) {
            shop.failNext(faults.getInteger("serverErrors"), faults.getInteger("status", 503));
        }
        if (faults.containsKey("delayMs")) {
            shop.delay(Duration.ofMillis(faults.getLong("delayMs")));
        }
        if (faults.containsKey("timeoutsAfterApply")) {
            shop.timeoutAfterApply(faults.getInteger("timeoutsAfterApply"),
                    Duration.ofMillis(faults.getLong("hangMs", 30_000L)));
        }
        if (faults.containsKey("unauthorized")) {
            shop.unauthorized(faults.getBoolean("unauthorized"));
        }
        if (faults.containsKey("throttleWith429")) {
            shop.throttleWith429(faults.getBoolean("throttleWith429"));
        }
        context.response().setStatusCode(204).end();
    }

    private void requests(RoutingContext context) {
        String shop = context.queryParams().get("shop");
        JsonArray list = new JsonArray();
        for (SimulatedRequest request : shop == null ? simulator.requests() : simulator.requests(shop)) {
            list.add(new JsonObject().put("shop", request.shop()).put("api", request.api())
                    .put("operation", request.operation()).put("correlationId", request.correlationId())
                    .put("at", request.at().toString()).put("requestedCost", request.requestedCost())
                    .put("actualCost", request.actualCost()).put("status", request.status())
                    .put("outcome", request.outcome()).put("idempotencyKey", request.idempotencyKey()));
        }
        context.response().putHeader("Content-Type", "application/json").end(list.toBuffer());
    }

    private void stats(RoutingContext context) {
        JsonObject stats = new JsonObject();
        simulator.stats().forEach((shop, s) -> stats.put(shop, new JsonObject().put("requests", s.requests())
                .put("throttled", s.throttled()).put("pointsCharged", s.pointsCharged())
                .put("mutationsApplied", s.mutationsApplied()).put("idempotentReplays", s.idempotentReplays())
                .put("lowestAvailable", s.lowestAvailable()).put("echoesSent", s.echoesSent())
                .put("echoesFailed", s.echoesFailed())));
        context.response().putHeader("Content-Type", "application/json").end(stats.toBuffer());
    }

    private static JsonObject body(RoutingContext context) {
        try {
            JsonObject body = context.body().asJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }
}
