package io.shopstream.shopify;

import java.util.Objects;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * A legacy REST Admin API call: {@code path} below {@code /admin/api/{version}/} (e.g. {@code orders/123.json}),
 * {@code operation} a constant name for logs and meters, {@code body} null for GET/DELETE.
 */
public record RestRequest(String operation, HttpMethod method, String path, JsonObject body) {

    public RestRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
    }

    public static RestRequest get(String operation, String path) {
        return new RestRequest(operation, HttpMethod.GET, path, null);
    }
}
