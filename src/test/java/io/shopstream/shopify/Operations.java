package io.shopstream.shopify;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The GraphQL operations the client tests send: the documents of the samples. */
public final class Operations {

    public static final String ORDER = "gid://shopify/Order/6123456789012";
    public static final String ITEM = "gid://shopify/InventoryItem/46123456789012";
    public static final String LOCATION = "gid://shopify/Location/61234567890";

    private Operations() {
    }

    public static GraphQlOperation tagsAdd(String id, String... tags) {
        return GraphQlOperation.mutation("AddTags",
                "mutation AddTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } "
                        + "userErrors { field message } } }",
                new JsonObject().put("id", id).put("tags", new JsonArray(List.of(tags))));
    }

    public static GraphQlOperation orderQuery(String id) {
        return GraphQlOperation.query("OrderForWriteBack",
                "query OrderForWriteBack($id: ID!) { order(id: $id) { id name updatedAt tags "
                        + "metafields(first: 20, namespace: \"shopstream\") { nodes { key type value compareDigest } } } }",
                new JsonObject().put("id", id));
    }

    public static GraphQlOperation hugeQuery() {
        return GraphQlOperation.query("AllOrders",
                "query AllOrders { orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id sku } } } } }",
                null);
    }

    public static GraphQlOperation adjustInventory(int delta, int changeFrom, String idempotencyKey) {
        JsonObject input = new JsonObject().put("name", "available").put("reason", "correction")
                .put("referenceDocumentUri", "gid://shopstream/StockCorrection/1")
                .put("changes", new JsonArray().add(new JsonObject().put("inventoryItemId", ITEM)
                        .put("locationId", LOCATION).put("delta", delta).put("changeFromQuantity", changeFrom)));
        return GraphQlOperation.mutation("AdjustInventory",
                "mutation AdjustInventory($input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!) { "
                        + "inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey) { "
                        + "inventoryAdjustmentGroup { id changes(quantityNames: [\"available\", \"on_hand\"]) { name "
                        + "delta quantityAfterChange } } userErrors { field message code } } }",
                new JsonObject().put("input", input).put("idempotencyKey", idempotencyKey));
    }

    public static JsonObject order(String id) {
        return new JsonObject().put("id", id).put("name", "#1001").put("updatedAt", "2026-08-14T15:21:09Z")
                .put("displayFinancialStatus", "PAID").put("tags", new JsonArray());
    }
}
