package io.shopstream.products;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.shopify.Gids;
import io.shopstream.shopify.Tags;
import io.shopstream.processing.Delivery;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackConfig;
import io.shopstream.writeback.WritableShops;
import io.shopstream.writeback.WriteBacks;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * In the transaction that applied a level change: the products of the item whose total {@code available} (every
 * variant, every location) crossed the low-stock threshold get the tag added (under it) or removed (restocked),
 * judged against the product's tags as last delivered, so a product already tagged asks for nothing.
 */
@ApplicationScoped
public class LowStockRule {

    public static final String KIND = "product-low-stock";

    /** A product's total available: every variant's item, every location. Placeholders: shop, product id. */
    private static final String TOTAL = """
            SELECT CAST(COALESCE(SUM(l.available), 0) AS bigint) FROM product_variants pv JOIN inventory_levels l
                ON l.shop_domain = pv.shop_domain AND l.inventory_item_id = pv.inventory_item_id
            WHERE pv.shop_domain = %s AND pv.product_id = %s""";

    private static final String TOTAL_OF_PRODUCT = TOTAL.formatted(":shop", ":product");

    private static final String PRODUCTS_OF_ITEM = """
            SELECT p.id, p.tags, (%s) AS total
            FROM products p
            WHERE p.shop_domain = :shop AND (CAST(:configured AS boolean) OR %s) AND p.id IN
                (SELECT product_id FROM product_variants WHERE shop_domain = :shop AND inventory_item_id = :item)"""
            .formatted(TOTAL.formatted("p.shop_domain", "p.id"), WritableShops.stored(":shop"));

    private final WriteBackConfig.LowStock config;
    private final WriteBacks writeBacks;
    private final boolean enabled;
    private final WritableShops writable;

    public LowStockRule(WriteBackConfig config, WriteBacks writeBacks, WritableShops writable) {
        this.config = config.lowStock();
        this.writeBacks = writeBacks;
        this.writable = writable;
        this.enabled = config.enabled() && config.lowStock().enabled();
    }

    public Uni<Void> levelChanged(Mutiny.Session session, Delivery delivery, long itemId) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(PRODUCTS_OF_ITEM, Object[].class)
                .setParameter("shop", delivery.shopDomain()).setParameter("item", itemId)
                .setParameter("configured", writable.configured(delivery.shopDomain())).getResultList()
                .chain(rows -> {
                    List<WriteBack> wanted = new ArrayList<>();
                    for (Object[] row : rows) {
                        WriteBack writeBack = decide(delivery, ((Number) row[0]).longValue(), (String) row[1],
                                ((Number) row[2]).longValue());
                        if (writeBack != null) {
                            wanted.add(writeBack);
                        }
                    }
                    return wanted.isEmpty() ? Uni.createFrom().voidItem() : writeBacks.record(session, wanted);
                });
    }

    /** A product's total available as stored now, or null when nothing is stored for it. */
    public static Uni<Long> totalAvailable(Mutiny.Session session, String shop, long productId) {
        return session.createNativeQuery(TOTAL_OF_PRODUCT, Long.class).setParameter("shop", shop)
                .setParameter("product", productId).getSingleResultOrNull();
    }

    /** The tag change a product needs, or null. */
    WriteBack decide(Delivery delivery, long productId, String tags, long totalAvailable) {
        boolean tagged = Tags.has(tags, config.tag());
        boolean low = totalAvailable < config.threshold();
        if (low == tagged) {
            return null;
        }
        JsonObject data = new JsonObject().put("product_id", productId).put("tag", config.tag()).put("add", low)
                .put("total_available", totalAvailable);
        return new WriteBack(delivery.webhookId() + '/' + KIND + '/' + productId, KIND, delivery.shopDomain(),
                Gids.of("Product", productId), delivery.correlationId(), Instant.now(), data);
    }
}
