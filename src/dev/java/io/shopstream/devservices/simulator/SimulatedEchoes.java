package io.shopstream.devservices.simulator;

import java.util.ArrayList;
import java.util.List;

import io.shopstream.devservices.simulator.SimulatedShop.Level;
import io.shopstream.devservices.simulator.WebhookEchoes.Echo;
import io.vertx.core.json.JsonObject;

/**
 * The webhooks Shopify sends after the app's own writes, built from the shop's state right after them (shop locked):
 * {@code orders/updated} per changed order, {@code products/update} per changed product,
 * {@code inventory_levels/update} per changed level. Payloads in the REST shape of the webhook samples.
 */
final class SimulatedEchoes {

    private SimulatedEchoes() {
    }

    static List<Echo> of(SimulatedShop shop, SimulatedChanges changes) {
        List<Echo> echoes = new ArrayList<>();
        for (String owner : changes.owners) {
            if (shop.restOrders.containsKey(owner)) {
                echoes.add(new Echo("orders/updated", SimulatedOrders.webhook(shop.restOrders.get(owner),
                        shop.orders.get(owner).getString("updatedAt"), shop.tags(owner))));
            } else if (shop.products.containsKey(owner)) {
                echoes.add(new Echo("products/update", product(shop, owner)));
            }
        }
        for (String key : changes.levels) {
            echoes.add(new Echo("inventory_levels/update", level(key, shop.inventory.get(key))));
        }
        return echoes;
    }

    private static JsonObject product(SimulatedShop shop, String id) {
        JsonObject known = shop.restProducts.get(id);
        JsonObject product = known != null ? known.copy()
                : new JsonObject().put("id", SimulatedOrders.legacyId(id)).put("admin_graphql_api_id", id);
        String updatedAt = shop.productsUpdatedAt.get(id);
        return product.put("title", shop.products.get(id)).put("tags", String.join(", ", shop.tags(id)))
                .put("updated_at", SimulatedOrders.inOffsetOf(product.getString("updated_at"), updatedAt));
    }

    private static JsonObject level(String key, Level level) {
        String[] ids = key.split("\\|", 2);
        Object item = SimulatedOrders.legacyId(ids[0]);
        Object location = SimulatedOrders.legacyId(ids[1]);
        return new JsonObject().put("inventory_item_id", item).put("location_id", location)
                .put("available", level.available)
                .put("updated_at", SimulatedOrders.inOffsetOf(null, SimulatedOrders.after(null)))
                .put("admin_graphql_api_id", "gid://shopify/InventoryLevel/" + location + "?inventory_item_id=" + item);
    }
}
