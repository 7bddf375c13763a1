package io.shopstream.devservices.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shopstream.devservices.simulator.SimulatedShop.Level;
import io.shopstream.devservices.simulator.SimulatedShop.Metafield;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The GraphQL operations Shopstream uses, executed against a {@link SimulatedShop} (locked by the caller): every
 * top-level field of a document ({@link GraphQlDocument}), each with its own arguments; each returns the shapes of the
 * samples in {@code src/test/resources/shopify/admin-api/}. What changed is noted in {@link SimulatedChanges}.
 */
final class GraphQlOperations {

    /** What executing a document gave: {@code data} or top-level {@code errors}, the actual cost, the outcome. */
    record Result(JsonObject data, JsonArray errors, double actualCost, String outcome) {

        static Result data(JsonObject data, double actualCost) {
            return new Result(data, null, actualCost, hasUserErrors(data) ? "user_errors" : "ok");
        }

        private static boolean hasUserErrors(JsonObject data) {
            for (Map.Entry<String, Object> field : data) {
                if (field.getValue() instanceof JsonObject payload
                        && payload.getValue("userErrors") instanceof JsonArray errors && !errors.isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    static final Set<String> MUTATIONS = Set.of("tagsAdd", "tagsRemove", "metafieldsSet", "inventorySetQuantities",
            "inventoryAdjustQuantities");
    private static final Set<String> IDEMPOTENT = Set.of("inventorySetQuantities", "inventoryAdjustQuantities");
    private static final Set<String> KNOWN = Set.of("tagsAdd", "tagsRemove", "metafieldsSet", "inventorySetQuantities",
            "inventoryAdjustQuantities", "order", "product", "inventoryItems");
    private static final Pattern TOP_FIELD = Pattern.compile("^\\s*(?:(query|mutation)\\b[^{]*)?\\{\\s*(\\w+)");
    private static final Pattern IDEMPOTENT_KEY = Pattern.compile(
            "@idempotent\\(\\s*key:\\s*(?:\\$(\\w+)|\"([^\"]*)\")\\s*\\)");
    private static final Pattern NAMESPACE = Pattern.compile("namespace:\\s*(?:\\$(\\w+)|\"([^\"]*)\")");
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final AtomicLong IDS = new AtomicLong(90_000_000_000_000L);

    private GraphQlOperations() {
    }

    /** The top-level field of a document ({@code tagsAdd}, {@code order}, ...), or null. */
    static String topField(String document) {
        Matcher matcher = TOP_FIELD.matcher(document);
        return matcher.find() ? matcher.group(2) : null;
    }

    /** The idempotency key of an {@code @idempotent(key:)} directive, or null. */
    static String idempotencyKey(String document, JsonObject variables) {
        Matcher matcher = IDEMPOTENT_KEY.matcher(document);
        if (!matcher.find()) {
            return null;
        }
        return matcher.group(1) != null ? variables.getString(matcher.group(1)) : matcher.group(2);
    }

    /**
     * Executes every top-level field of the document in order, each with its own arguments, and merges their payloads
     * into {@code data}. An unknown field fails the whole document before anything runs, as Shopify's validation
     * does; a field that fails at run time is {@code null} in {@code data}, with its error in {@code errors}.
     */
    static Result execute(SimulatedShop shop, List<GraphQlDocument.Field> fields, SimulatedChanges changes) {
        for (GraphQlDocument.Field field : fields) {
            if (!KNOWN.contains(field.name())) {
                return unknown(field.name());
            }
        }
        if (fields.isEmpty()) {
            return unknown(null);
        }
        JsonObject data = new JsonObject();
        JsonArray errors = new JsonArray();
        double actual = 0;
        for (GraphQlDocument.Field field : fields) {
            Result result = execute(shop, field, changes);
            actual += result.actualCost();
            if (result.errors() != null) {
                errors.addAll(result.errors());
                data.putNull(field.responseKey());
            } else {
                data.put(field.responseKey(), result.data().getValue(field.name()));
            }
        }
        if (errors.isEmpty()) {
            return Result.data(data, actual);
        }
        boolean allFailed = data.stream().allMatch(entry -> entry.getValue() == null);
        return new Result(allFailed ? null : data, errors, actual, "error");
    }

    private static Result execute(SimulatedShop shop, GraphQlDocument.Field field, SimulatedChanges changes) {
        JsonObject arguments = field.arguments();
        if (IDEMPOTENT.contains(field.name())) {
            return idempotent(shop, field.name(), field.idempotencyKey(), arguments, changes);
        }
        return switch (field.name()) {
            case "tagsAdd" -> tags(shop, "tagsAdd", arguments, true, changes);
            case "tagsRemove" -> tags(shop, "tagsRemove", arguments, false, changes);
            case "metafieldsSet" -> metafieldsSet(shop, arguments, changes);
            case "order" -> order(shop, field.text(), arguments);
            case "product" -> product(shop, arguments);
            default -> inventoryItems(shop, arguments);
        };
    }

    private static Result unknown(String field) {
        return new Result(null, new JsonArray().add(error(
                "Field '" + field + "' doesn't exist on the simulator's schema", "undefinedField")), 0, "error");
    }

    // ---- tags

    private static Result tags(SimulatedShop shop, String field, JsonObject variables, boolean add,
            SimulatedChanges changes) {
        String id = variables.getString("id");
        Set<String> current = shop.tags.get(id);
        if (current == null) {
            JsonObject payload = new JsonObject().putNull("node").put("userErrors", new JsonArray().add(
                    new JsonObject().put("field", new JsonArray().add("id")).put("message", type(id) + " does not exist")));
            return Result.data(new JsonObject().put(field, payload), QueryCosts.MUTATION);
        }
        for (String tag : tagList(variables.getValue("tags"))) {
            if (add) {
                current.add(tag);
            } else {
                current.remove(tag);
            }
        }
        touch(shop, id);
        changes.applied();
        changes.owner(id);
        JsonObject payload = new JsonObject().put("node", new JsonObject().put("id", id))
                .put("userErrors", new JsonArray());
        return Result.data(new JsonObject().put(field, payload), QueryCosts.MUTATION);
    }

    private static List<String> tagList(Object value) {
        if (value instanceof JsonArray array) {
            return array.stream().map(String::valueOf).map(String::trim).filter(t -> !t.isEmpty()).toList();
        }
        if (value instanceof String text) {
            return List.of(text.split(",")).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        }
        return List.of();
    }

    // ---- metafields

    private static Result metafieldsSet(SimulatedShop shop, JsonObject variables, SimulatedChanges changes) {
        JsonArray inputs = variables.getJsonArray("metafields", new JsonArray());
        JsonArray errors = new JsonArray();
        if (inputs.size() > 25) {
            errors.add(userError(new JsonArray().add("metafields"), "Exceeded the maximum metafields input limit of 25.",
                    "LESS_THAN_OR_EQUAL_TO", null));
        }
        for (int i = 0; i < inputs.size() && inputs.size() <= 25; i++) {
            JsonObject input = inputs.getJsonObject(i);
            String owner = input.getString("ownerId");
            Metafield existing = shop.metafields.getOrDefault(owner, Map.of())
                    .get(input.getString("namespace", "app") + '.' + input.getString("key"));
            String index = String.valueOf(i);
            if (!shop.tags.containsKey(owner)) {
                errors.add(userError(path("metafields", index, "ownerId"), "Owner does not exist.", "INVALID", i));
            } else if (input.containsKey("compareDigest") && (input.getValue("compareDigest") == null
                    ? existing != null
                    : existing == null || !existing.compareDigest().equals(input.getString("compareDigest")))) {
                errors.add(userError(path("metafields", index, "compareDigest"),
                        "The resource has been updated since it was loaded. Try again with an updated "
                                + "`compareDigest` value.", "STALE_OBJECT", i));
            } else if (input.getString("type") == null && existing == null) {
                errors.add(userError(path("metafields", index, "type"), "Type can't be blank.", "BLANK", i));
            } else if ("date_time".equals(type(input, existing))
                    && !DATE_TIME.matcher(input.getString("value", "")).matches()) {
                errors.add(userError(path("metafields", index, "value"),
                        "Value must be in \"YYYY-MM-DDTHH:MM:SS\" format.", "INVALID_VALUE", i));
            }
        }
        JsonArray written = new JsonArray();
        if (errors.isEmpty()) {
            changes.applied();
            String now = now();
            for (int i = 0; i < inputs.size(); i++) {
                JsonObject input = inputs.getJsonObject(i);
                String owner = input.getString("ownerId");
                String namespace = input.getString("namespace", "app");
                Map<String, Metafield> ofOwner = shop.metafields.computeIfAbsent(owner, o -> new LinkedHashMap<>());
                Metafield existing = ofOwner.get(namespace + '.' + input.getString("key"));
                String id = existing != null ? existing.id() : "gid://shopify/Metafield/" + IDS.incrementAndGet();
                Metafield stored = new Metafield(id, namespace, input.getString("key"), type(input, existing),
                        input.getString("value"), digest(id, input.getString("value"), IDS.incrementAndGet()), now);
                ofOwner.put(namespace + '.' + stored.key(), stored);
                touch(shop, owner);
                changes.owner(owner);
                written.add(new JsonObject().put("id", stored.id()).put("namespace", stored.namespace())
                        .put("key", stored.key()).put("type", stored.type()).put("value", stored.value())
                        .put("compareDigest", stored.compareDigest()).put("updatedAt", stored.updatedAt()));
            }
        }
        JsonObject payload = new JsonObject().put("metafields", written).put("userErrors", errors);
        return Result.data(new JsonObject().put("metafieldsSet", payload), QueryCosts.MUTATION);
    }

    private static String type(JsonObject input, Metafield existing) {
        String type = input.getString("type");
        return type != null ? type : existing == null ? null : existing.type();
    }

    // ---- inventory mutations (idempotent, compare-and-swap)

    private static Result idempotent(SimulatedShop shop, String field, String key, JsonObject variables,
            SimulatedChanges changes) {
        if (key == null || key.isBlank()) {
            return new Result(null, new JsonArray().add(error(
                    "The @idempotent directive with a key is required for " + field + ".", "BAD_REQUEST")),
                    QueryCosts.MUTATION, "error");
        }
        JsonObject input = variables.getJsonObject("input", new JsonObject());
        String fingerprint = field + ':' + input.encode();
        SimulatedShop.Idempotent known = shop.idempotency.get(key);
        if (known != null) {
            if (known.fingerprint().equals(fingerprint)) {
                changes.replayed();
                return Result.data(known.data().copy(), QueryCosts.MUTATION);
            }
            JsonObject payload = new JsonObject().putNull("inventoryAdjustmentGroup").put("userErrors",
                    new JsonArray().add(userError(null,
                            "The same idempotency key cannot be used with different operation parameters.",
                            "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", null)));
            return Result.data(new JsonObject().put(field, payload), QueryCosts.MUTATION);
        }
        JsonObject data = "inventorySetQuantities".equals(field) ? setQuantities(shop, input, changes)
                : adjustQuantities(shop, input, changes);
        shop.idempotency.put(key, new SimulatedShop.Idempotent(fingerprint, data.copy()));
        return Result.data(data, QueryCosts.MUTATION);
    }

    private static JsonObject setQuantities(SimulatedShop shop, JsonObject input, SimulatedChanges moved) {
        JsonArray quantities = input.getJsonArray("quantities", new JsonArray());
        String name = input.getString("name", "available");
        JsonArray errors = new JsonArray();
        for (int i = 0; i < quantities.size(); i++) {
            JsonObject entry = quantities.getJsonObject(i);
            Level level = shop.inventory.get(entry.getString("inventoryItemId") + '|' + entry.getString("locationId"));
            String index = String.valueOf(i);
            if (level == null) {
                errors.add(inventoryError(path("input", "quantities", index, "locationId"),
                        "The specified inventory item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION"));
            } else if (!entry.containsKey("changeFromQuantity")) {
                errors.add(inventoryError(path("input", "quantities", index, "changeFromQuantity"),
                        "changeFromQuantity is required (null to skip the check).", "INVALID"));
            } else if (entry.getValue("changeFromQuantity") != null
                    && entry.getInteger("changeFromQuantity") != quantity(level, name)) {
                errors.add(inventoryError(path("input", "quantities", index, "changeFromQuantity"),
                        "The changeFromQuantity argument no longer matches the persisted quantity.",
                        "CHANGE_FROM_QUANTITY_STALE"));
            }
        }
        if (!errors.isEmpty()) {
            return new JsonObject().put("inventorySetQuantities",
                    new JsonObject().putNull("inventoryAdjustmentGroup").put("userErrors", errors));
        }
        JsonArray changes = new JsonArray();
        for (int i = 0; i < quantities.size(); i++) {
            JsonObject entry = quantities.getJsonObject(i);
            String key = entry.getString("inventoryItemId") + '|' + entry.getString("locationId");
            Level level = shop.inventory.get(key);
            int delta = entry.getInteger("quantity") - quantity(level, name);
            apply(level, name, delta);
            moved.level(key);
            changes.add(new JsonObject().put("name", name).put("delta", delta)
                    .put("quantityAfterChange", quantity(level, name)));
            if ("available".equals(name)) {
                changes.add(new JsonObject().put("name", "on_hand").put("delta", delta)
                        .put("quantityAfterChange", level.onHand));
            }
        }
        moved.applied();
        JsonObject group = new JsonObject().put("createdAt", now()).put("reason", input.getString("reason"))
                .put("referenceDocumentUri", input.getString("referenceDocumentUri")).put("changes", changes);
        return new JsonObject().put("inventorySetQuantities",
                new JsonObject().put("inventoryAdjustmentGroup", group).put("userErrors", new JsonArray()));
    }

    private static JsonObject adjustQuantities(SimulatedShop shop, JsonObject input, SimulatedChanges moved) {
        JsonArray entries = input.getJsonArray("changes", new JsonArray());
        String name = input.getString("name", "available");
        JsonArray errors = new JsonArray();
        for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = entries.getJsonObject(i);
            Level level = shop.inventory.get(entry.getString("inventoryItemId") + '|' + entry.getString("locationId"));
            if (level == null) {
                errors.add(inventoryError(path("input", "changes", String.valueOf(i), "locationId"),
                        "The specified inventory item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION"));
            } else if (entry.getValue("changeFromQuantity") != null
                    && entry.getInteger("changeFromQuantity") != quantity(level, name)) {
                errors.add(inventoryError(path("input", "changes", String.valueOf(i), "changeFromQuantity"),
                        "The changeFromQuantity argument no longer matches the persisted quantity.",
                        "CHANGE_FROM_QUANTITY_STALE"));
            }
        }
        if (!errors.isEmpty()) {
            return new JsonObject().put("inventoryAdjustQuantities",
                    new JsonObject().putNull("inventoryAdjustmentGroup").put("userErrors", errors));
        }
        JsonArray changes = new JsonArray();
        for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = entries.getJsonObject(i);
            String key = entry.getString("inventoryItemId") + '|' + entry.getString("locationId");
            Level level = shop.inventory.get(key);
            int delta = entry.getInteger("delta");
            apply(level, name, delta);
            moved.level(key);
            JsonObject item = new JsonObject().put("id", entry.getString("inventoryItemId"));
            JsonObject location = new JsonObject().put("id", entry.getString("locationId"));
            changes.add(new JsonObject().put("name", name).put("delta", delta)
                    .put("quantityAfterChange", quantity(level, name)).put("item", item).put("location", location));
            if ("available".equals(name)) {
                changes.add(new JsonObject().put("name", "on_hand").put("delta", delta)
                        .put("quantityAfterChange", level.onHand).put("item", item.copy())
                        .put("location", location.copy()));
            }
        }
        moved.applied();
        JsonObject group = new JsonObject().put("id", "gid://shopify/InventoryAdjustmentGroup/" + IDS.incrementAndGet())
                .put("createdAt", now()).put("reason", input.getString("reason"))
                .put("referenceDocumentUri", input.getString("referenceDocumentUri")).put("changes", changes);
        return new JsonObject().put("inventoryAdjustQuantities",
                new JsonObject().put("inventoryAdjustmentGroup", group).put("userErrors", new JsonArray()));
    }

    private static int quantity(Level level, String name) {
        return "on_hand".equals(name) ? level.onHand : level.available;
    }

    private static void apply(Level level, String name, int delta) {
        if ("on_hand".equals(name)) {
            level.onHand += delta;
        } else {
            level.available += delta;
            level.onHand += delta;
        }
    }

    // ---- queries

    private static Result order(SimulatedShop shop, String document, JsonObject variables) {
        String id = variables.getString("id");
        JsonObject stored = shop.orders.get(id);
        if (stored == null) {
            return Result.data(new JsonObject().putNull("order"), 1);
        }
        JsonObject order = stored.copy();
        order.put("tags", new JsonArray(List.copyOf(shop.tags.getOrDefault(id, new LinkedHashSet<>()))));
        Matcher namespace = NAMESPACE.matcher(document);
        String only = namespace.find()
                ? namespace.group(1) != null ? variables.getString(namespace.group(1)) : namespace.group(2)
                : null;
        JsonArray nodes = new JsonArray();
        for (Metafield metafield : shop.metafields.getOrDefault(id, Map.of()).values()) {
            if (only == null || only.equals(metafield.namespace())) {
                nodes.add(new JsonObject().put("id", metafield.id()).put("namespace", metafield.namespace())
                        .put("key", metafield.key()).put("type", metafield.type()).put("value", metafield.value())
                        .put("compareDigest", metafield.compareDigest()).put("updatedAt", metafield.updatedAt()));
            }
        }
        if (document.contains("metafields")) {
            order.put("metafields", new JsonObject().put("nodes", nodes));
        }
        return Result.data(new JsonObject().put("order", order), 1 + nodes.size());
    }

    private static Result product(SimulatedShop shop, JsonObject variables) {
        String id = variables.getString("id");
        if (!shop.products.containsKey(id)) {
            return Result.data(new JsonObject().putNull("product"), 1);
        }
        JsonObject product = new JsonObject().put("id", id).put("title", shop.products.get(id))
                .put("tags", new JsonArray(List.copyOf(shop.tags.get(id))));
        return Result.data(new JsonObject().put("product", product), 1);
    }

    /** {@code inventoryItems(query: "sku:ABC")}: items with their levels per location. */
    private static Result inventoryItems(SimulatedShop shop, JsonObject variables) {
        String query = variables.getString("query", "");
        String sku = query.startsWith("sku:") ? query.substring(4).replace("\"", "").trim() : null;
        Map<String, JsonObject> items = new LinkedHashMap<>();
        int levels = 0;
        for (Map.Entry<String, Level> entry : shop.inventory.entrySet()) {
            if (sku != null && !sku.equals(entry.getValue().sku)) {
                continue;
            }
            String[] key = entry.getKey().split("\\|", 2);
            JsonObject item = items.computeIfAbsent(key[0], id -> new JsonObject().put("id", id)
                    .put("sku", entry.getValue().sku)
                    .put("inventoryLevels", new JsonObject().put("nodes", new JsonArray())));
            item.getJsonObject("inventoryLevels").getJsonArray("nodes").add(new JsonObject()
                    .put("location", new JsonObject().put("id", key[1]))
                    .put("quantities", new JsonArray()
                            .add(new JsonObject().put("name", "available").put("quantity", entry.getValue().available))
                            .add(new JsonObject().put("name", "on_hand").put("quantity", entry.getValue().onHand))));
            levels++;
        }
        JsonObject connection = new JsonObject().put("nodes", new JsonArray(List.copyOf(items.values())));
        return Result.data(new JsonObject().put("inventoryItems", connection), 1 + items.size() + levels);
    }

    // ---- helpers

    /** Moves the resource's {@code updatedAt} forward, even within the same second. */
    private static void touch(SimulatedShop shop, String id) {
        JsonObject order = shop.orders.get(id);
        if (order != null) {
            order.put("updatedAt", SimulatedOrders.after(order.getString("updatedAt")));
        }
        shop.productsUpdatedAt.computeIfPresent(id, (product, at) -> SimulatedOrders.after(at));
    }

    static JsonObject error(String message, String code) {
        return new JsonObject().put("message", message).put("extensions", new JsonObject().put("code", code));
    }

    private static JsonObject userError(JsonArray field, String message, String code, Integer elementIndex) {
        JsonObject error = new JsonObject().put("field", field).put("message", message).put("code", code);
        if (elementIndex != null) {
            error.put("elementIndex", elementIndex);
        }
        return error;
    }

    private static JsonObject inventoryError(JsonArray field, String message, String code) {
        return new JsonObject().put("field", field).put("message", message).put("code", code);
    }

    private static JsonArray path(String... parts) {
        JsonArray path = new JsonArray();
        for (String part : parts) {
            path.add(part);
        }
        return path;
    }

    private static String type(String gid) {
        String[] parts = gid == null ? new String[0] : gid.split("/");
        return parts.length >= 4 ? parts[3] : "Resource";
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String digest(String id, String value, long version) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(
                    sha.digest((id + '\n' + value + '\n' + version).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
