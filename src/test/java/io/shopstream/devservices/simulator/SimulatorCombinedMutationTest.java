package io.shopstream.devservices.simulator;

import static io.shopstream.devservices.simulator.SimulatorClient.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A document with several top-level fields: each runs with its own arguments, costs add up, payloads merge. */
class SimulatorCombinedMutationTest {

    @RegisterExtension
    static final SimulatorClient client = new SimulatorClient();

    private static final String PRODUCT = "gid://shopify/Product/8123456789012";
    private static final String WRITEBACK = "mutation OrderWriteback($id: ID!, $tags: [String!]!, "
            + "$metafields: [MetafieldsSetInput!]!) { tagsAdd(id: $id, tags: $tags) { node { id } "
            + "userErrors { field message } } metafieldsSet(metafields: $metafields) { metafields { id namespace key "
            + "value compareDigest } userErrors { field message code elementIndex } } }";

    private static SimulatedShop shop(String domain) {
        return client.simulator().shop(domain)
                .order(SimulatorClient.resource("/shopify/webhooks/orders-create.json"))
                .product(PRODUCT, "Trail Runner Sock", java.util.List.of("merino"));
    }

    private static JsonObject writebackVariables(String... tags) {
        return new JsonObject().put("id", ORDER).put("tags", new JsonArray(java.util.List.of(tags)))
                .put("metafields", new JsonArray().add(new JsonObject().put("ownerId", ORDER)
                        .put("namespace", "shopstream").put("key", "sync_state").put("type", "single_line_text_field")
                        .put("value", "synced")));
    }

    @Test
    void executesEveryTopLevelFieldInOrderAndMergesTheirPayloads() {
        SimulatedShop shop = shop("combined.myshopify.com");

        JsonObject body = client.graphql("combined.myshopify.com", WRITEBACK, writebackVariables("vip", "synced"));

        JsonObject data = body.getJsonObject("data");
        assertThat(data.fieldNames()).containsExactly("tagsAdd", "metafieldsSet");
        assertThat(data.getJsonObject("tagsAdd").getJsonObject("node").getString("id")).isEqualTo(ORDER);
        assertThat(data.getJsonObject("tagsAdd").getJsonArray("userErrors")).isEmpty();
        JsonObject metafield = data.getJsonObject("metafieldsSet").getJsonArray("metafields").getJsonObject(0);
        assertThat(metafield.getString("key")).isEqualTo("sync_state");
        assertThat(metafield.getString("value")).isEqualTo("synced");
        assertThat(shop.tags(ORDER)).containsExactly("vip", "synced");
        assertThat(shop.metafield(ORDER, "shopstream", "sync_state")).isEqualTo("synced");
        assertThat(body.containsKey("errors")).isFalse();
    }

    @Test
    void chargesTheSumOfTheFieldsCosts() {
        shop("cost.myshopify.com");

        JsonObject cost = client.graphql("cost.myshopify.com", WRITEBACK, writebackVariables("vip"))
                .getJsonObject("extensions").getJsonObject("cost");

        assertThat(cost.getInteger("requestedQueryCost")).isEqualTo(20);
        assertThat(cost.getInteger("actualQueryCost")).isEqualTo(20);
        assertThat(cost.getJsonObject("throttleStatus").getDouble("currentlyAvailable")).isBetween(1980.0, 1990.0);
        assertThat(client.simulator().requests("cost.myshopify.com")).singleElement().satisfies(request -> {
            assertThat(request.requestedCost()).isEqualTo(20.0);
            assertThat(request.actualCost()).isEqualTo(20.0);
            assertThat(request.outcome()).isEqualTo("ok");
        });
    }

    @Test
    void eachFieldReadsTheVariablesItsArgumentsName() {
        SimulatedShop shop = shop("names.myshopify.com");
        String document = "mutation Tags($orderId: ID!, $productId: ID!, $lowStock: [String!]!, $old: [String!]!) {"
                + " tagsAdd(id: $productId, tags: $lowStock) { node { id } userErrors { field message } }"
                + " orderTags: tagsAdd(id: $orderId, tags: \"shopstream-synced, vip\") { node { id } }"
                + " tagsRemove(id: $productId, tags: $old) { node { id } userErrors { field message } } }";

        JsonObject data = client.graphql("names.myshopify.com", document, new JsonObject().put("orderId", ORDER)
                .put("productId", PRODUCT).put("lowStock", new JsonArray().add("low-stock"))
                .put("old", new JsonArray().add("merino"))).getJsonObject("data");

        assertThat(data.getJsonObject("tagsAdd").getJsonObject("node").getString("id")).isEqualTo(PRODUCT);
        assertThat(data.getJsonObject("orderTags").getJsonObject("node").getString("id")).isEqualTo(ORDER);
        assertThat(data.getJsonObject("tagsRemove").getJsonObject("node").getString("id")).isEqualTo(PRODUCT);
        assertThat(shop.tags(PRODUCT)).containsExactly("low-stock");
        assertThat(shop.tags(ORDER)).containsExactly("shopstream-synced", "vip");
    }

    @Test
    void aUserErrorInOneFieldLeavesTheOtherApplied() {
        SimulatedShop shop = shop("partial.myshopify.com");
        JsonObject variables = writebackVariables("vip").put("id", "gid://shopify/Order/1");

        JsonObject data = client.graphql("partial.myshopify.com", WRITEBACK, variables).getJsonObject("data");

        assertThat(data.getJsonObject("tagsAdd").getValue("node")).isNull();
        assertThat(data.getJsonObject("tagsAdd").getJsonArray("userErrors")).hasSize(1);
        assertThat(shop.metafield(ORDER, "shopstream", "sync_state")).isEqualTo("synced");
        assertThat(client.simulator().requests("partial.myshopify.com").get(0).outcome()).isEqualTo("user_errors");
    }

    @Test
    void anUnknownFieldRejectsTheWholeDocumentBeforeAnythingRuns() {
        SimulatedShop shop = shop("unknown.myshopify.com");
        String document = "mutation { tagsAdd(id: \"" + ORDER + "\", tags: [\"vip\"]) { node { id } } "
                + "orderCancel(orderId: \"" + ORDER + "\") { userErrors { message } } }";

        JsonObject body = client.graphql("unknown.myshopify.com", document, new JsonObject());

        assertThat(body.containsKey("data")).isFalse();
        assertThat(body.getJsonArray("errors").getJsonObject(0).getString("message")).contains("orderCancel");
        assertThat(shop.tags(ORDER)).isEmpty();
    }

    @Test
    void severalQueriesInOneDocumentCostTheirSum() {
        shop("queries.myshopify.com");
        String document = "query Both($order: ID!, $product: ID!) { order(id: $order) { id tags } "
                + "product(id: $product) { id title tags } }";

        JsonObject body = client.graphql("queries.myshopify.com", document,
                new JsonObject().put("order", ORDER).put("product", PRODUCT));

        assertThat(body.getJsonObject("data").getJsonObject("order").getString("id")).isEqualTo(ORDER);
        assertThat(body.getJsonObject("data").getJsonObject("product").getString("title"))
                .isEqualTo("Trail Runner Sock");
        assertThat(body.getJsonObject("extensions").getJsonObject("cost").getInteger("requestedQueryCost"))
                .isEqualTo(2);
    }
}
