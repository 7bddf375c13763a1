package io.shopstream.processing;

import java.time.OffsetDateTime;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Records deletions with their time, so that a stale update delivered after a delete cannot bring the entity back.
 * Upserts check {@code tombstones.deleted_at >= version} in the same statement.
 */
public final class TombstoneRepository {

    private static final String WRITE = """
            INSERT INTO tombstones (shop_domain, entity, entity_key, deleted_at)
            VALUES (:shop, :entity, :key, :deletedAt)
            ON CONFLICT (shop_domain, entity, entity_key)
            DO UPDATE SET deleted_at = GREATEST(tombstones.deleted_at, EXCLUDED.deleted_at)""";

    private TombstoneRepository() {
    }

    public static Uni<Void> write(Mutiny.Session session, String shop, String entity, String key,
            OffsetDateTime deletedAt) {
        return session.createNativeQuery(WRITE)
                .setParameter("shop", shop)
                .setParameter("entity", entity)
                .setParameter("key", key)
                .setParameter("deletedAt", deletedAt)
                .executeUpdate()
                .replaceWithVoid();
    }
}
