package io.shopstream.products;

import jakarta.enterprise.context.ApplicationScoped;

import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackAction;
import io.shopstream.writeback.WriteBackResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Adds or removes a product's low-stock tag ({@code tagsAdd} / {@code tagsRemove}: both safe to repeat). */
@ApplicationScoped
public class LowStockWriteBack implements WriteBackAction {

    static final String ADD = """
            mutation LowStockTagAdd($id: ID!, $tags: [String!]!) {
              tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }""";
    static final String REMOVE = """
            mutation LowStockTagRemove($id: ID!, $tags: [String!]!) {
              tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }""";

    private final ShopifyAdminClient client;

    public LowStockWriteBack(ShopifyAdminClient client) {
        this.client = client;
    }

    @Override
    public String kind() {
        return LowStockRule.KIND;
    }

    @Override
    public Uni<WriteBackResult> perform(WriteBack writeBack) {
        boolean add = writeBack.data().getBoolean("add", true);
        JsonObject variables = new JsonObject().put("id", writeBack.entity())
                .put("tags", new JsonArray().add(writeBack.data().getString("tag")));
        GraphQlOperation operation = add ? GraphQlOperation.mutation("LowStockTagAdd", ADD, variables)
                : GraphQlOperation.mutation("LowStockTagRemove", REMOVE, variables);
        return client.graphql(writeBack.shop(), operation, writeBack.correlationId())
                .map(response -> WriteBackResult.applied(response.attempts(), operation.name()));
    }
}
