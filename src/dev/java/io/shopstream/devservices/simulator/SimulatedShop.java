package io.shopstream.devservices.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shopstream.shopify.PlanLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One simulated shop: its rate limits (GraphQL cost bucket, REST call bucket), its data (orders with tags and
 * metafields, seeded in the webhook shape; products with tags; inventory levels), the secret that signs its echoed
 * webhooks, and the faults to inject. Seed and inspect it from tests (this
 * Java API) or over HTTP ({@code /_simulator/...}). Thread-safe: every method locks the shop.
 */
public final class SimulatedShop {

    /** A metafield as stored: its digest changes with every write. */
    record Metafield(String id, String namespace, String key, String type, String value, String compareDigest,
            String updatedAt) {
    }

    /** An inventory level of an item at a location. */
    static final class Level {
        final String sku;
        int available;
        int onHand;

        Level(String sku, int available, int onHand) {
            this.sku = sku;
            this.available = available;
            this.onHand = onHand;
        }
    }

    record Idempotent(String fingerprint, JsonObject data) {
    }

    /** Signs echoed webhooks unless set otherwise: the secret dev mode and the samples use. */
    public static final String DEFAULT_WEBHOOK_SECRET = "shopstream-test-client-secret";

    final String domain;
    final SimulatedBucket graphql;
    final SimulatedBucket rest;
    /** The GraphQL view of each order (without tags and metafields), by gid. */
    final Map<String, JsonObject> orders = new LinkedHashMap<>();
    /** The REST/webhook shape of each order, by gid: what {@code orders/updated} echoes. */
    final Map<String, JsonObject> restOrders = new LinkedHashMap<>();
    final Map<String, Set<String>> tags = new LinkedHashMap<>();
    final Map<String, Map<String, Metafield>> metafields = new LinkedHashMap<>();
    final Map<String, String> products = new LinkedHashMap<>();
    final Map<String, String> productsUpdatedAt = new LinkedHashMap<>();
    /** Products seeded in the webhook shape (with their variants), by gid: what {@code products/update} echoes. */
    final Map<String, JsonObject> restProducts = new LinkedHashMap<>();
    /** item gid + '|' + location gid */
    final Map<String, Level> inventory = new LinkedHashMap<>();
    final Map<String, Idempotent> idempotency = new LinkedHashMap<>();

    private String accessToken;
    private boolean unauthorized;
    private int serverErrors;
    private int serverErrorStatus = 503;
    private Duration delay = Duration.ZERO;
    private int timeoutsAfterApply;
    private Duration hang = Duration.ofSeconds(30);
    private boolean throttleWith429;
    private String webhookSecret = DEFAULT_WEBHOOK_SECRET;

    SimulatedShop(String domain, PlanLimits plan) {
        this.domain = domain;
        this.graphql = new SimulatedBucket(plan.maximumAvailable(), plan.restoreRate());
        this.rest = new SimulatedBucket(plan.restBucketSize(), plan.restLeakRate());
    }

    public String domain() {
        return domain;
    }

    // ---- rate limits

    public synchronized SimulatedShop plan(PlanLimits plan) {
        graphql.configure(plan.maximumAvailable(), plan.restoreRate());
        rest.configure(plan.restBucketSize(), plan.restLeakRate());
        return this;
    }

    /** Sets the GraphQL bucket's current level (e.g. 0: as if another client had drained it). */
    public synchronized SimulatedShop currentlyAvailable(double points) {
        graphql.set(points);
        return this;
    }

    public synchronized double currentlyAvailable() {
        return graphql.available();
    }

    /** Sets how many REST calls the bucket holds now (40 = full on Standard). */
    public synchronized SimulatedShop restCallsUsed(double used) {
        rest.set(rest.maximum() - used);
        return this;
    }

    // ---- authentication and faults

    /** Only this token is accepted (by default any token is). */
    public synchronized SimulatedShop accessToken(String token) {
        this.accessToken = token;
        return this;
    }

    /** Every request gets 401, as after an uninstall or a revoked token. */
    public synchronized SimulatedShop unauthorized(boolean value) {
        this.unauthorized = value;
        return this;
    }

    /** The next {@code count} requests get {@code status} (5xx) before anything is applied or charged. */
    public synchronized SimulatedShop failNext(int count, int status) {
        this.serverErrors = count;
        this.serverErrorStatus = status;
        return this;
    }

    /** Every response is sent this much later (the request is applied at once). */
    public synchronized SimulatedShop delay(Duration value) {
        this.delay = value;
        return this;
    }

    /** The next {@code count} requests are applied, then answered only after {@code hang} (past a client timeout). */
    public synchronized SimulatedShop timeoutAfterApply(int count, Duration hang) {
        this.timeoutsAfterApply = count;
        this.hang = hang;
        return this;
    }

    /** THROTTLED GraphQL responses come with HTTP 429 and Retry-After instead of 200. */
    public synchronized SimulatedShop throttleWith429(boolean value) {
        this.throttleWith429 = value;
        return this;
    }

    synchronized boolean refuses(String token) {
        return unauthorized || (accessToken != null && !accessToken.equals(token));
    }

    /** The status of a forced server error for this request, or 0. */
    synchronized int takeServerError() {
        if (serverErrors <= 0) {
            return 0;
        }
        serverErrors--;
        return serverErrorStatus;
    }

    /** How long to hold an applied request's response; {@code timeout}: held past the client's timeout. */
    record ResponseDelay(Duration delay, boolean timeout) {
    }

    synchronized ResponseDelay takeResponseDelay() {
        if (timeoutsAfterApply > 0) {
            timeoutsAfterApply--;
            return new ResponseDelay(hang, true);
        }
        return new ResponseDelay(delay, false);
    }

    synchronized boolean throttlesWith429() {
        return throttleWith429;
    }

    // ---- data

    /**
     * Adds or replaces an order, in the webhook shape (the payload of {@code orders/create}: numeric {@code id},
     * {@code tags} as a comma-separated string) or, as older tests do, in the GraphQL shape ({@code id} a gid,
     * {@code tags} an array; answered as given).
     */
    public synchronized SimulatedShop order(JsonObject order) {
        JsonObject view;
        JsonObject rest;
        if (SimulatedOrders.webhookShaped(order)) {
            rest = order.copy();
            view = SimulatedOrders.view(rest);
        } else {
            view = order.copy();
            view.remove("tags");
            view.remove("metafields");
            rest = SimulatedOrders.restOf(view);
        }
        if (view.getString("updatedAt") == null) {
            view.put("updatedAt", SimulatedOrders.after(null));
        }
        String id = view.getString("id");
        orders.put(id, view);
        restOrders.put(id, rest);
        Set<String> orderTags = new LinkedHashSet<>();
        SimulatedOrders.tags(order.getValue("tags")).forEach(tag -> orderTags.add(String.valueOf(tag)));
        tags.put(id, orderTags);
        return this;
    }

    /**
     * A merchant's order edit: {@code changes} (webhook shape, e.g. {@code line_items}, {@code total_price},
     * {@code subtotal_price}) replace those fields of the stored order; tags and metafields stay, {@code updatedAt}
     * moves forward.
     */
    public synchronized SimulatedShop editOrder(String id, JsonObject changes) {
        JsonObject rest = restOrders.get(id);
        if (rest == null) {
            throw new IllegalArgumentException("No order " + id + " in " + domain);
        }
        String updatedAt = SimulatedOrders.after(orders.get(id).getString("updatedAt"));
        rest.mergeIn(changes);
        rest.put("updated_at", SimulatedOrders.inOffsetOf(rest.getString("updated_at"), updatedAt));
        JsonObject view = SimulatedOrders.view(rest);
        orders.put(id, view.put("updatedAt", updatedAt));
        return this;
    }

    /** The GraphQL view of an order (tags included), or null. */
    public synchronized JsonObject order(String id) {
        JsonObject view = orders.get(id);
        return view == null ? null : view.copy().put("tags", new JsonArray(tags(id)));
    }

    /** The key that signs this shop's echoed webhooks (the app's client secret at Shopify); null: the default. */
    public synchronized SimulatedShop webhookSecret(String secret) {
        this.webhookSecret = secret == null || secret.isEmpty() ? DEFAULT_WEBHOOK_SECRET : secret;
        return this;
    }

    synchronized String webhookSecret() {
        return webhookSecret;
    }

    /** Adds or replaces a product with its tags. */
    public synchronized SimulatedShop product(String id, String title, List<String> productTags) {
        products.put(id, title);
        restProducts.remove(id);
        productsUpdatedAt.put(id, SimulatedOrders.after(null));
        tags.put(id, new LinkedHashSet<>(productTags));
        return this;
    }

    /** Adds or replaces a product in the webhook shape (as in {@code products/update}: variants, tags string). */
    public synchronized SimulatedShop product(JsonObject product) {
        String id = product.getString("admin_graphql_api_id", "gid://shopify/Product/" + product.getValue("id"));
        List<String> productTags = SimulatedOrders.tags(product.getValue("tags")).stream().map(String::valueOf)
                .toList();
        product(id, product.getString("title"), productTags);
        restProducts.put(id, product.copy());
        if (product.getString("updated_at") != null) {
            productsUpdatedAt.put(id, SimulatedOrders.utc(product.getString("updated_at")));
        }
        return this;
    }

    /** Adds or replaces an inventory level. */
    public synchronized SimulatedShop inventoryLevel(String itemId, String sku, String locationId, int available,
            int onHand) {
        inventory.put(itemId + '|' + locationId, new Level(sku, available, onHand));
        return this;
    }

    public synchronized List<String> tags(String ownerId) {
        return new ArrayList<>(tags.getOrDefault(ownerId, Set.of()));
    }

    /** The value of a metafield, or null. */
    public synchronized String metafield(String ownerId, String namespace, String key) {
        Metafield metafield = metafields.getOrDefault(ownerId, Map.of()).get(namespace + '.' + key);
        return metafield == null ? null : metafield.value();
    }

    /** available, or null when the item is not stocked at the location. */
    public synchronized Integer available(String itemId, String locationId) {
        Level level = inventory.get(itemId + '|' + locationId);
        return level == null ? null : level.available;
    }

    public synchronized Integer onHand(String itemId, String locationId) {
        Level level = inventory.get(itemId + '|' + locationId);
        return level == null ? null : level.onHand;
    }
}
