package io.shopstream.support.kafka;

import java.util.Set;

/**
 * The Shopify topics whose effect in Shopstream destroys or hides data: deletes, the privacy redactions and erasure,
 * and the uninstall that stops a shop's write-backs. Ingest accepts only their documented body shapes, and the
 * consumers never apply a body as one of them that was first seen under another topic.
 */
public final class DestructiveTopics {

    public static final Set<String> ALL = Set.of(
            "orders/delete",
            "products/delete",
            "inventory_items/delete",
            "inventory_levels/disconnect",
            "customers/redact",
            "shop/redact",
            "app/uninstalled");

    private DestructiveTopics() {
    }

    public static boolean contains(String shopifyTopic) {
        return ALL.contains(shopifyTopic);
    }
}
