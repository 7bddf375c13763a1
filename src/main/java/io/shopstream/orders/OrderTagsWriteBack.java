package io.shopstream.orders;

import jakarta.enterprise.context.ApplicationScoped;

import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.shopify.Tags;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackAction;
import io.shopstream.writeback.WriteBackResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Adds an order's rule tags ({@code tagsAdd}) and stores its enrichment metafield ({@code metafieldsSet}), in one
 * combined mutation when both are wanted. Both are safe to repeat: {@code tagsAdd} leaves present tags alone and
 * {@code metafieldsSet} writes the same value again.
 */
@ApplicationScoped
public class OrderTagsWriteBack implements WriteBackAction {

    private static final String METAFIELDS_SET = "metafieldsSet(metafields: $metafields) { "
            + "metafields { id namespace key compareDigest } userErrors { field message code elementIndex } }";
    static final String TAGS_AND_METAFIELD = "mutation OrderWriteback($id: ID!, $tags: [String!]!, "
            + "$metafields: [MetafieldsSetInput!]!) { " + Tags.ADD_FIELD + " " + METAFIELDS_SET + " }";
    static final String TAGS = "mutation OrderTags($id: ID!, $tags: [String!]!) { " + Tags.ADD_FIELD + " }";
    static final String METAFIELD = "mutation OrderMetafield($metafields: [MetafieldsSetInput!]!) { "
            + METAFIELDS_SET + " }";

    private final ShopifyAdminClient client;

    public OrderTagsWriteBack(ShopifyAdminClient client) {
        this.client = client;
    }

    @Override
    public String kind() {
        return OrderRules.KIND;
    }

    @Override
    public Uni<WriteBackResult> perform(WriteBack writeBack) {
        GraphQlOperation operation = operation(writeBack);
        if (operation == null) {
            return Uni.createFrom().item(WriteBackResult.unchanged(0, "nothing to write"));
        }
        return client.graphql(writeBack.shop(), operation, writeBack.correlationId())
                .map(response -> WriteBackResult.applied(response.attempts(), operation.name()));
    }

    static GraphQlOperation operation(WriteBack writeBack) {
        JsonArray tags = writeBack.data().getJsonArray("tags", new JsonArray());
        JsonObject metafield = writeBack.data().getJsonObject("metafield");
        JsonObject variables = new JsonObject();
        if (!tags.isEmpty()) {
            variables.put("id", writeBack.entity()).put("tags", tags);
        }
        if (metafield != null) {
            variables.put("metafields", new JsonArray().add(metafield.copy().put("ownerId", writeBack.entity())));
        }
        if (!tags.isEmpty() && metafield != null) {
            return GraphQlOperation.mutation("OrderWriteback", TAGS_AND_METAFIELD, variables);
        }
        if (!tags.isEmpty()) {
            return GraphQlOperation.mutation("OrderTags", TAGS, variables);
        }
        return metafield == null ? null : GraphQlOperation.mutation("OrderMetafield", METAFIELD, variables);
    }
}
