package io.shopstream.shopify;

import java.util.Objects;

import io.vertx.core.json.JsonObject;

/**
 * One GraphQL Admin API request. {@code name} is the operation's name in {@code document} (and the
 * {@code operation} tag of the meters: keep it a constant of the code); learned costs are keyed by it. A mutation
 * that must not apply twice carries its idempotency key in {@code variables} ({@code @idempotent(key: $key)}):
 * every retry sends the same variables.
 */
public record GraphQlOperation(String name, boolean mutation, String document, JsonObject variables) {

    public GraphQlOperation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        variables = variables == null ? new JsonObject() : variables.copy();
    }

    public static GraphQlOperation query(String name, String document, JsonObject variables) {
        return new GraphQlOperation(name, false, document, variables);
    }

    public static GraphQlOperation mutation(String name, String document, JsonObject variables) {
        return new GraphQlOperation(name, true, document, variables);
    }

    JsonObject body() {
        return new JsonObject().put("query", document).put("variables", variables).put("operationName", name);
    }
}
