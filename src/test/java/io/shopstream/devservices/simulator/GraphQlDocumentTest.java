package io.shopstream.devservices.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reading a document's top-level fields and their arguments without a GraphQL parser. */
class GraphQlDocumentTest {

    @Test
    void readsEveryTopLevelFieldWithItsOwnArguments() {
        JsonObject variables = new JsonObject().put("productId", "gid://shopify/Product/1")
                .put("lowStock", new JsonArray().add("low-stock")).put("key", "k-1")
                .put("input", new JsonObject().put("name", "available"));
        String document = """
                mutation Both($productId: ID!, $lowStock: [String!]!, $input: InventorySetQuantitiesInput!,
                        $key: String!) {
                  # tags first
                  tagsAdd(id: $productId, tags: $lowStock) { node { id } userErrors { field message } }
                  inventorySetQuantities(input: $input) @idempotent(key: $key) {
                    inventoryAdjustmentGroup { changes(quantityNames: ["available", "on_hand"]) { name } }
                  }
                }""";

        List<GraphQlDocument.Field> fields = GraphQlDocument.topFields(document, variables);

        assertThat(fields).extracting(GraphQlDocument.Field::name).containsExactly("tagsAdd", "inventorySetQuantities");
        assertThat(fields.get(0).arguments()).isEqualTo(new JsonObject().put("id", "gid://shopify/Product/1")
                .put("tags", new JsonArray().add("low-stock")));
        assertThat(fields.get(0).idempotencyKey()).isNull();
        assertThat(fields.get(1).arguments().getJsonObject("input").getString("name")).isEqualTo("available");
        assertThat(fields.get(1).idempotencyKey()).isEqualTo("k-1");
        assertThat(fields.get(1).text()).startsWith("inventorySetQuantities(").endsWith("}");
    }

    @Test
    void readsAliasesAndLiterals() {
        String document = "{ mine: order(id: \"gid://shopify/Order/1\") { id } "
                + "tagsAdd(id: \"a \\\"quoted\\\" {id}\", tags: [\"x\", \"y\"], first: 10, on: true) { node { id } } }";

        List<GraphQlDocument.Field> fields = GraphQlDocument.topFields(document, new JsonObject());

        assertThat(fields.get(0).name()).isEqualTo("order");
        assertThat(fields.get(0).responseKey()).isEqualTo("mine");
        assertThat(fields.get(0).arguments().getString("id")).isEqualTo("gid://shopify/Order/1");
        JsonObject tags = fields.get(1).arguments();
        assertThat(tags.getString("id")).isEqualTo("a \"quoted\" {id}");
        assertThat(tags.getJsonArray("tags")).containsExactly("x", "y");
        assertThat(tags.getLong("first")).isEqualTo(10);
        assertThat(tags.getBoolean("on")).isTrue();
        assertThat(fields.get(1).responseKey()).isEqualTo("tagsAdd");
    }

    @Test
    void anUnreadableDocumentHasNoFields() {
        assertThat(GraphQlDocument.topFields("mutation { tagsAdd(id: ", new JsonObject())).isEmpty();
        assertThat(GraphQlDocument.topFields("not graphql", new JsonObject())).isEmpty();
    }
}
