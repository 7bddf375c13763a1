package io.shopstream.shopify;

import java.util.List;

/**
 * Shopify executed the mutation and rejected it ({@code userErrors}, HTTP 200): permanent, never retried. Branch on
 * {@link #codes()} (e.g. {@code CHANGE_FROM_QUANTITY_STALE}: re-read, recompute, new idempotency key), not on
 * messages. {@code data} is the response's {@code data} object, as Shopify sent it.
 */
public class ShopifyUserErrorsException extends ShopifyApiException {

    private final String mutation;
    private final List<UserError> userErrors;
    private final transient io.vertx.core.json.JsonObject data;

    public ShopifyUserErrorsException(String shop, String operation, String mutation, List<UserError> userErrors,
            io.vertx.core.json.JsonObject data) {
        super(shop, operation, mutation + " returned userErrors " + userErrors.stream()
                .map(e -> (e.code() == null ? "" : e.code()) + (e.field() == null ? "" : e.field().toString()))
                .toList());
        this.mutation = mutation;
        this.userErrors = List.copyOf(userErrors);
        this.data = data;
    }

    /** The field of {@code data} that carried the errors, e.g. {@code inventorySetQuantities}. */
    public String mutation() {
        return mutation;
    }

    public List<UserError> userErrors() {
        return userErrors;
    }

    public List<String> codes() {
        return userErrors.stream().map(UserError::code).filter(c -> c != null).toList();
    }

    public io.vertx.core.json.JsonObject data() {
        return data;
    }
}
