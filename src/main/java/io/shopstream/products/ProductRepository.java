package io.shopstream.products;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.processing.TombstoneRepository;
import io.shopstream.support.sql.JsonRows;
import io.smallrye.mutiny.Uni;

/** Products and their variants (SKU to inventory item); newer-wins upserts, deletions with tombstones. */
@ApplicationScoped
public class ProductRepository {

    static final String ENTITY = "product";

    private static final String UPSERT = """
            INSERT INTO products AS p (shop_domain, id, title, handle, vendor, product_type, status, tags, created_at,
                updated_at, version_triggered_at)
            SELECT CAST(:shop AS text), CAST(:id AS bigint), CAST(:title AS text), CAST(:handle AS text),
                CAST(:vendor AS text), CAST(:productType AS text), CAST(:status AS text), CAST(:tags AS text),
                CAST(:createdAt AS timestamptz), CAST(:updatedAt AS timestamptz), CAST(:triggeredAt AS timestamptz)
            WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.shop_domain = CAST(:shop AS text)
                AND t.entity = 'product' AND t.entity_key = CAST(:key AS text)
                AND t.deleted_at >= CAST(:updatedAt AS timestamptz))
            ON CONFLICT (shop_domain, id) DO UPDATE SET title = EXCLUDED.title, handle = EXCLUDED.handle,
                vendor = EXCLUDED.vendor, product_type = EXCLUDED.product_type, status = EXCLUDED.status,
                tags = EXCLUDED.tags, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
                version_triggered_at = EXCLUDED.version_triggered_at
            WHERE (p.updated_at, COALESCE(p.version_triggered_at, '-infinity'))
                < (EXCLUDED.updated_at, COALESCE(EXCLUDED.version_triggered_at, '-infinity'))""";

    private static final String DELETE_VARIANTS = """
            DELETE FROM product_variants WHERE shop_domain = :shop AND product_id = :productId""";

    private static final String INSERT_VARIANTS = """
            INSERT INTO product_variants (shop_domain, id, product_id, sku, title, price, inventory_item_id,
                inventory_quantity, updated_at)
            SELECT CAST(:shop AS text), v.id, CAST(:productId AS bigint), v.sku, v.title, v.price, v.inventory_item_id, v.inventory_quantity,
                v.updated_at
            FROM json_to_recordset(CAST(CAST(:rows AS text) AS json)) AS v(id bigint, sku text, title text,
                price numeric, inventory_item_id bigint, inventory_quantity integer, updated_at timestamptz)
            ON CONFLICT (shop_domain, id) DO UPDATE SET product_id = EXCLUDED.product_id""";

    private static final String DELETE_PRODUCT = "DELETE FROM products WHERE shop_domain = :shop AND id = :id";

    public Uni<Boolean> upsert(Mutiny.Session session, String shop, ProductPayload product,
            OffsetDateTime triggeredAt) {
        return session.createNativeQuery(UPSERT)
                .setParameter("shop", shop)
                .setParameter("id", product.id())
                .setParameter("key", String.valueOf(product.id()))
                .setParameter("title", product.title())
                .setParameter("handle", product.handle())
                .setParameter("vendor", product.vendor())
                .setParameter("productType", product.productType())
                .setParameter("status", product.status())
                .setParameter("tags", product.tags())
                .setParameter("createdAt", product.createdAt())
                .setParameter("updatedAt", product.updatedAt())
                .setParameter("triggeredAt", triggeredAt)
                .executeUpdate()
                .chain(changed -> changed == 0
                        ? Uni.createFrom().item(false)
                        : replaceVariants(session, shop, product).replaceWith(true));
    }

    private Uni<Void> replaceVariants(Mutiny.Session session, String shop, ProductPayload product) {
        Uni<Integer> deleted = session.createNativeQuery(DELETE_VARIANTS)
                .setParameter("shop", shop).setParameter("productId", product.id()).executeUpdate();
        List<ProductPayload.Variant> variants = product.variants();
        if (variants.isEmpty()) {
            return deleted.replaceWithVoid();
        }
        String rows = JsonRows.of(variants, (row, variant) -> row.put("id", variant.id()).put("sku", variant.sku())
                .put("title", variant.title()).put("price", variant.price())
                .put("inventory_item_id", variant.inventoryItemId())
                .put("inventory_quantity", variant.inventoryQuantity()).put("updated_at", variant.updatedAt()));
        Mutiny.Query<Object> insert = session.createNativeQuery(INSERT_VARIANTS)
                .setParameter("shop", shop).setParameter("productId", product.id()).setParameter("rows", rows);
        return deleted.chain(insert::executeUpdate).replaceWithVoid();
    }

    /** Deletes the product (its variants cascade) and leaves a tombstone dated {@code deletedAt}. */
    public Uni<Void> delete(Mutiny.Session session, String shop, long id, OffsetDateTime deletedAt) {
        return TombstoneRepository.write(session, shop, ENTITY, String.valueOf(id), deletedAt)
                .chain(() -> session.createNativeQuery(DELETE_PRODUCT)
                        .setParameter("shop", shop).setParameter("id", id).executeUpdate())
                .replaceWithVoid();
    }
}
