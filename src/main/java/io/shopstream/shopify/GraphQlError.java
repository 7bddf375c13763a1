package io.shopstream.shopify;

import io.vertx.core.json.JsonObject;

/** A top-level GraphQL error: {@code extensions.code} (may be null), message, the whole extensions object. */
public record GraphQlError(String code, String message, JsonObject extensions) {
}
