package io.shopstream.inventory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.processing.TombstoneRepository;
import io.smallrye.mutiny.Uni;

/** Inventory levels and items; newer-wins upserts, deletions with tombstones. */
@ApplicationScoped
public class InventoryRepository {

    static final String LEVEL = "inventory_level";
    static final String ITEM = "inventory_item";

    /** Locks the level (if there is one) and reads what it was before the change. */
    private static final String LOCK_LEVEL = """
            SELECT available FROM inventory_levels
            WHERE shop_domain = :shop AND inventory_item_id = :item AND location_id = :location FOR UPDATE""";

    /** RETURNING gives a row only when the change was applied. */
    private static final String UPSERT_LEVEL = """
            INSERT INTO inventory_levels AS l (shop_domain, inventory_item_id, location_id, available, updated_at,
                version_triggered_at)
            SELECT CAST(:shop AS text), CAST(:item AS bigint), CAST(:location AS bigint), CAST(:available AS integer),
                CAST(:version AS timestamptz), CAST(:triggeredAt AS timestamptz)
            WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.shop_domain = CAST(:shop AS text)
                AND t.entity = 'inventory_level' AND t.entity_key = CAST(:key AS text)
                AND t.deleted_at >= CAST(:version AS timestamptz))
            ON CONFLICT (shop_domain, inventory_item_id, location_id) DO UPDATE SET
                available = EXCLUDED.available, updated_at = EXCLUDED.updated_at,
                version_triggered_at = EXCLUDED.version_triggered_at
            WHERE (l.updated_at, COALESCE(l.version_triggered_at, '-infinity'))
                < (EXCLUDED.updated_at, COALESCE(EXCLUDED.version_triggered_at, '-infinity'))
            RETURNING l.available""";

    private static final String DELETE_LEVEL = """
            DELETE FROM inventory_levels WHERE shop_domain = :shop AND inventory_item_id = :item
            AND location_id = :location AND updated_at <= :version""";

    private static final String SKU_OF_ITEM = """
            SELECT sku FROM (
                SELECT sku, 0 AS rank FROM inventory_items WHERE shop_domain = :shop AND id = :item AND sku IS NOT NULL
                UNION ALL
                SELECT sku, 1 FROM product_variants WHERE shop_domain = :shop AND inventory_item_id = :item
                AND sku IS NOT NULL) s
            ORDER BY rank LIMIT 1""";

    private static final String UPSERT_ITEM = """
            INSERT INTO inventory_items AS i (shop_domain, id, sku, cost, tracked, updated_at, version_triggered_at)
            SELECT CAST(:shop AS text), CAST(:id AS bigint), CAST(:sku AS text), CAST(:cost AS numeric),
                CAST(:tracked AS boolean), CAST(:version AS timestamptz), CAST(:triggeredAt AS timestamptz)
            WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.shop_domain = CAST(:shop AS text)
                AND t.entity = 'inventory_item' AND t.entity_key = CAST(:key AS text)
                AND t.deleted_at >= CAST(:version AS timestamptz))
            ON CONFLICT (shop_domain, id) DO UPDATE SET sku = EXCLUDED.sku, cost = EXCLUDED.cost,
                tracked = EXCLUDED.tracked, updated_at = EXCLUDED.updated_at,
                version_triggered_at = EXCLUDED.version_triggered_at
            WHERE (i.updated_at, COALESCE(i.version_triggered_at, '-infinity'))
                < (EXCLUDED.updated_at, COALESCE(EXCLUDED.version_triggered_at, '-infinity'))""";

    private static final String DELETE_ITEM = """
            DELETE FROM inventory_items WHERE shop_domain = :shop AND id = :id AND updated_at <= :version""";

    /** What an applied level change did. */
    public record LevelChange(Integer previous, Integer available, boolean existed) {
    }

    public Uni<Optional<LevelChange>> upsertLevel(Mutiny.Session session, String shop, InventoryLevelPayload level,
            OffsetDateTime version, OffsetDateTime triggeredAt) {
        return session.createNativeQuery(LOCK_LEVEL, Integer.class)
                .setParameter("shop", shop)
                .setParameter("item", level.inventoryItemId())
                .setParameter("location", level.locationId())
                .getResultList()
                .chain(before -> write(session, shop, level, version, triggeredAt).map(after -> after.isEmpty()
                        ? Optional.<LevelChange> empty()
                        : Optional.of(new LevelChange(before.isEmpty() ? null : before.get(0), after.get(0),
                                !before.isEmpty()))));
    }

    /** The level's {@code available} after the write: one row when applied, none when stale. */
    private Uni<List<Integer>> write(Mutiny.Session session, String shop, InventoryLevelPayload level,
            OffsetDateTime version, OffsetDateTime triggeredAt) {
        return session.createNativeQuery(UPSERT_LEVEL, Integer.class)
                .setParameter("shop", shop)
                .setParameter("item", level.inventoryItemId())
                .setParameter("location", level.locationId())
                .setParameter("key", level.key())
                .setParameter("available", level.available())
                .setParameter("version", version)
                .setParameter("triggeredAt", triggeredAt)
                .getResultList();
    }

    /** Removes a level no newer than {@code version} and leaves a tombstone; true when a row went. */
    public Uni<Boolean> deleteLevel(Mutiny.Session session, String shop, InventoryLevelPayload level,
            OffsetDateTime version) {
        return TombstoneRepository.write(session, shop, LEVEL, level.key(), version)
                .chain(() -> session.createNativeQuery(DELETE_LEVEL)
                        .setParameter("shop", shop)
                        .setParameter("item", level.inventoryItemId())
                        .setParameter("location", level.locationId())
                        .setParameter("version", version)
                        .executeUpdate())
                .map(deleted -> deleted > 0);
    }

    public Uni<String> skuOf(Mutiny.Session session, String shop, long inventoryItemId) {
        return session.createNativeQuery(SKU_OF_ITEM, String.class)
                .setParameter("shop", shop)
                .setParameter("item", inventoryItemId)
                .getSingleResultOrNull();
    }

    public Uni<Boolean> upsertItem(Mutiny.Session session, String shop, InventoryItemPayload item,
            OffsetDateTime version, OffsetDateTime triggeredAt) {
        return session.createNativeQuery(UPSERT_ITEM)
                .setParameter("shop", shop)
                .setParameter("id", item.id())
                .setParameter("key", String.valueOf(item.id()))
                .setParameter("sku", item.sku())
                .setParameter("cost", item.cost())
                .setParameter("tracked", item.tracked())
                .setParameter("version", version)
                .setParameter("triggeredAt", triggeredAt)
                .executeUpdate()
                .map(changed -> changed > 0);
    }

    public Uni<Boolean> deleteItem(Mutiny.Session session, String shop, long id, OffsetDateTime version) {
        return TombstoneRepository.write(session, shop, ITEM, String.valueOf(id), version)
                .chain(() -> session.createNativeQuery(DELETE_ITEM)
                        .setParameter("shop", shop).setParameter("id", id).setParameter("version", version)
                        .executeUpdate())
                .map(deleted -> deleted > 0);
    }
}
