package io.shopstream.bench;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A client under test: sends one {@code tagsAdd} (10 points) for a shop, and records its THROTTLED responses. */
interface WritebackSender extends AutoCloseable {

    String TAGS_ADD = "mutation AddTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, "
            + "tags: $tags) { node { id } userErrors { field message } } }";
    String ORDER = "gid://shopify/Order/6123456789012";

    /** Completes once the call was applied; fails if the client gave up. */
    Uni<Void> send(ShopLoad shop);

    /** Extra figures of the run for the log (the paced client's meters), or empty. */
    default String diagnostics() {
        return "";
    }

    @Override
    void close();

    static JsonObject variables() {
        return new JsonObject().put("id", ORDER).put("tags", new JsonArray().add("shopstream-bench"));
    }
}
