package io.shopstream.shopify;

import java.util.List;

/**
 * The request failed as a whole (top-level {@code errors}, not THROTTLED): permanent, never retried.
 * {@code MAX_COST_EXCEEDED} comes as its subclass {@link MaxCostExceededException}.
 */
public class ShopifyGraphQlException extends ShopifyApiException {

    private final List<GraphQlError> errors;

    public ShopifyGraphQlException(String shop, String operation, List<GraphQlError> errors) {
        super(shop, operation, "GraphQL errors " + errors.stream()
                .map(e -> e.code() == null ? "(no code)" : e.code()).toList());
        this.errors = List.copyOf(errors);
    }

    public List<GraphQlError> errors() {
        return errors;
    }

    public List<String> codes() {
        return errors.stream().map(GraphQlError::code).filter(c -> c != null).toList();
    }
}
