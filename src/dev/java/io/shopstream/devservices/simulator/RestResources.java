package io.shopstream.devservices.simulator;

import io.vertx.core.json.JsonObject;

/** The legacy REST resources the simulator serves: an order ({@code orders/{id}.json}) and the shop. */
final class RestResources {

    private RestResources() {
    }

    /** The body for a GET of {@code path} (below the version), or null (404). Called with the shop locked. */
    static JsonObject get(SimulatedShop shop, String method, String path) {
        if (!"GET".equals(method)) {
            return null;
        }
        if ("shop.json".equals(path)) {
            return new JsonObject().put("shop", new JsonObject().put("myshopify_domain", shop.domain));
        }
        if (path.startsWith("orders/") && path.endsWith(".json")) {
            String id = path.substring("orders/".length(), path.length() - ".json".length());
            JsonObject order = shop.orders.get("gid://shopify/Order/" + id);
            if (order == null) {
                return null;
            }
            String financial = order.getString("displayFinancialStatus");
            return new JsonObject().put("order", new JsonObject()
                    .put("id", Long.parseLong(id))
                    .put("name", order.getString("name"))
                    .put("updated_at", order.getString("updatedAt"))
                    .put("financial_status", (financial == null ? "PENDING" : financial)
                            .toLowerCase(java.util.Locale.ROOT)));
        }
        return null;
    }
}
