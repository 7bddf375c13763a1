package io.shopstream.devservices.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shopstream.shopify.PlanLimits;
import io.vertx.core.json.JsonObject;

/**
 * One simulated shop: its rate limits (GraphQL cost bucket, REST call bucket), its data (orders with tags and
 * metafields, products with tags, inventory levels) and the faults to inject. Seed and inspect it from tests (this
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

    final String domain;
    final SimulatedBucket graphql;
    final SimulatedBucket rest;
    final Map<String, JsonObject> orders = new LinkedHashMap<>();
    final Map<String, Set<String>> tags = new LinkedHashMap<>();
    final Map<String, Map<String, Metafield>> metafields = new LinkedHashMap<>();
    final Map<String, String> products = new LinkedHashMap<>();
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

    /** Adds or replaces an order: any JSON with {@code id} (gid), {@code name}, {@code tags} (array) ... */
    public synchronized SimulatedShop order(JsonObject order) {
        String id = order.getString("id");
        JsonObject copy = order.copy();
        Set<String> orderTags = new LinkedHashSet<>();
        if (copy.getValue("tags") instanceof io.vertx.core.json.JsonArray array) {
            array.forEach(tag -> orderTags.add(String.valueOf(tag)));
        }
        copy.remove("tags");
        copy.remove("metafields");
        orders.put(id, copy);
        tags.put(id, orderTags);
        return this;
    }

    /** Adds or replaces a product with its tags. */
    public synchronized SimulatedShop product(String id, String title, List<String> productTags) {
        products.put(id, title);
        tags.put(id, new LinkedHashSet<>(productTags));
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
