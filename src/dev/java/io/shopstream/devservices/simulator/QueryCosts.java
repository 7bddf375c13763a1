package io.shopstream.devservices.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * The simulator's requested cost of a query, without a GraphQL parser: 1 for the query, plus for every connection
 * ({@code first: N}, a literal or a variable) N times the sizes of the connections it is nested in. Mutations cost
 * 10. Several top-level fields cost the sum of theirs. Close to Shopify's calculation for the simple documents
 * Shopstream sends; a nested 250 × 250 query costs more than 1,000 as at Shopify.
 */
final class QueryCosts {

    static final double MUTATION = 10;
    private static final Pattern FIRST = Pattern.compile("first:\\s*(\\$?\\w+)");

    private QueryCosts() {
    }

    /** A single field costs as its document does; several cost the sum of theirs (10 per mutation field). */
    static double requested(List<GraphQlDocument.Field> fields, String document, JsonObject variables,
            boolean mutation) {
        if (fields.size() <= 1) {
            return requested(document, variables, mutation);
        }
        double cost = 0;
        for (GraphQlDocument.Field field : fields) {
            cost += requested(field.text(), variables, GraphQlOperations.MUTATIONS.contains(field.name()));
        }
        return cost;
    }

    static double requested(String document, JsonObject variables, boolean mutation) {
        if (mutation) {
            return MUTATION;
        }
        double cost = 1;
        Deque<Double> multipliers = new ArrayDeque<>();
        multipliers.push(1.0);
        Double pending = null;
        Matcher first = FIRST.matcher(document);
        int nextFirst = first.find() ? first.start() : -1;
        for (int i = 0; i < document.length(); i++) {
            if (i == nextFirst) {
                pending = size(first.group(1), variables);
                nextFirst = first.find() ? first.start() : -1;
            }
            char c = document.charAt(i);
            if (c == '{') {
                double multiplier = multipliers.peek();
                if (pending != null) {
                    cost += multiplier * pending;
                    multiplier *= pending;
                    pending = null;
                }
                multipliers.push(multiplier);
            } else if (c == '}' && multipliers.size() > 1) {
                multipliers.pop();
            }
        }
        return cost;
    }

    private static double size(String token, JsonObject variables) {
        if (token.startsWith("$")) {
            Object value = variables.getValue(token.substring(1));
            return value instanceof Number n ? n.doubleValue() : 1;
        }
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
