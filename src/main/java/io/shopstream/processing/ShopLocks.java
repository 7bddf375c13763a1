package io.shopstream.processing;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * A transaction-scoped PostgreSQL advisory lock per shop. Every batch takes it shared for its shops before it claims
 * deliveries; an erasure of a shop ({@code shop/redact}) takes it exclusively. So an erasure waits for the shop's
 * batches in flight and then deletes what they wrote, and a batch that starts after the erasure sees it in the
 * ledger's claim. Shared locks never wait for each other: consumers only wait while a shop is being erased.
 */
public final class ShopLocks {

    private static final String SHARED = """
            SELECT count(pg_advisory_xact_lock_shared(hashtextextended(x.shop, 0)))
            FROM (SELECT jsonb_array_elements_text(CAST(CAST(:shops AS text) AS jsonb)) AS shop) x""";

    private static final String EXCLUSIVE = """
            SELECT count(pg_advisory_xact_lock(hashtextextended(CAST(:shop AS text), 0)))""";

    private ShopLocks() {
    }

    /** Locks the shops of a batch, shared, in a stable order. */
    public static Uni<Void> shared(Mutiny.Session session, List<Delivery> deliveries) {
        // shop domains are *.myshopify.com names (letters, digits, '-', '.'): nothing to escape in JSON
        String shops = deliveries.stream().map(Delivery::shopDomain).collect(Collectors.toCollection(TreeSet::new))
                .stream().map(shop -> '"' + shop + '"').collect(Collectors.joining(",", "[", "]"));
        return session.createNativeQuery(SHARED, Long.class).setParameter("shops", shops).getSingleResult()
                .replaceWithVoid();
    }

    /** Locks one shop exclusively, until the transaction ends. */
    public static Uni<Void> exclusive(Mutiny.Session session, String shop) {
        return session.createNativeQuery(EXCLUSIVE, Long.class).setParameter("shop", shop).getSingleResult()
                .replaceWithVoid();
    }
}
