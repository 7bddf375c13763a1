package io.shopstream.products;

import jakarta.enterprise.context.ApplicationScoped;

import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.shopify.Tags;
import io.shopstream.support.sql.OwnContextSessions;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackAction;
import io.shopstream.writeback.WriteBackConfig;
import io.shopstream.writeback.WriteBackResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Adds or removes a product's low-stock tag ({@code tagsAdd} / {@code tagsRemove}: both safe to repeat), decided by
 * the product's total available as stored when it runs (so two write-backs delivered out of order end right), else
 * by the triggering change.
 */
@ApplicationScoped
public class LowStockWriteBack implements WriteBackAction {

    static final String ADD = "mutation LowStockTagAdd($id: ID!, $tags: [String!]!) { " + Tags.ADD_FIELD + " }";
    static final String REMOVE = "mutation LowStockTagRemove($id: ID!, $tags: [String!]!) { " + Tags.REMOVE_FIELD
            + " }";

    private final ShopifyAdminClient client;
    private final OwnContextSessions sessions;
    private final WriteBackConfig config;

    public LowStockWriteBack(ShopifyAdminClient client, OwnContextSessions sessions, WriteBackConfig config) {
        this.client = client;
        this.sessions = sessions;
        this.config = config;
    }

    @Override
    public String kind() {
        return LowStockRule.KIND;
    }

    @Override
    public Uni<WriteBackResult> perform(WriteBack writeBack) {
        return sessions.withSession(session -> LowStockRule.totalAvailable(session, writeBack.shop(),
                writeBack.data().getLong("product_id")))
                .chain(total -> tag(writeBack, total == null ? writeBack.data().getBoolean("add", true)
                        : total.longValue() < config.lowStock().threshold()));
    }

    private Uni<WriteBackResult> tag(WriteBack writeBack, boolean add) {
        JsonObject variables = new JsonObject().put("id", writeBack.entity())
                .put("tags", new JsonArray().add(writeBack.data().getString("tag")));
        GraphQlOperation operation = add ? GraphQlOperation.mutation("LowStockTagAdd", ADD, variables)
                : GraphQlOperation.mutation("LowStockTagRemove", REMOVE, variables);
        return client.graphql(writeBack.shop(), operation, writeBack.correlationId())
                .map(response -> WriteBackResult.applied(response.attempts(), operation.name()));
    }
}
