package io.shopstream.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cost to reserve for an operation: the {@code requestedQueryCost} Shopify reported for it last time, else an
 * initial guess (mutations cost 10 by default). Costs depend on the document, not the shop, so one table serves
 * all shops.
 */
public final class CostEstimates {

    private final double initialQueryCost;
    private final double mutationCost;
    private final Map<String, Double> learned = new ConcurrentHashMap<>();

    public CostEstimates(double initialQueryCost, double mutationCost) {
        this.initialQueryCost = initialQueryCost;
        this.mutationCost = mutationCost;
    }

    public double estimate(GraphQlOperation operation) {
        Double known = learned.get(operation.name());
        if (known != null) {
            return known;
        }
        return operation.mutation() ? mutationCost : initialQueryCost;
    }

    public void learn(GraphQlOperation operation, double requestedQueryCost) {
        learned.put(operation.name(), requestedQueryCost);
    }
}
