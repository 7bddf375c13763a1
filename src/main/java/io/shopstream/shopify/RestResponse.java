package io.shopstream.shopify;

import io.vertx.core.json.JsonObject;

/** A 2xx REST answer: status, JSON body (empty object when none), call-limit header, attempts, X-Request-Id. */
public record RestResponse(int status, JsonObject body, String callLimit, int attempts, String requestId) {
}
