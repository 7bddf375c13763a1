package io.shopstream.shopify;

import java.util.List;

/** The query's requested cost is above Shopify's single-query limit: split it or use a bulk operation. */
public class MaxCostExceededException extends ShopifyGraphQlException {

    private final double cost;
    private final double maxCost;

    public MaxCostExceededException(String shop, String operation, List<GraphQlError> errors, double cost,
            double maxCost) {
        super(shop, operation, errors);
        this.cost = cost;
        this.maxCost = maxCost;
    }

    public double cost() {
        return cost;
    }

    public double maxCost() {
        return maxCost;
    }
}
