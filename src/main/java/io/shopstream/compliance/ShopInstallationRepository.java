package io.shopstream.compliance;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Whether the app is installed on a shop ({@code shop_installations}), kept by {@code app/uninstalled} and by the
 * code that stores a shop's new Admin API token.
 * <p>
 * The contract with the write-back engine ({@code shopify/}):
 * <ul>
 * <li>before it takes or sends a shop's write-back it calls {@link #isActive(Mutiny.Session, String)} in the same
 * reactive session; when false it cancels the shop's pending write-backs instead of sending them. An uninstalled
 * shop's token no longer works, so this stops the work immediately rather than after failed calls;</li>
 * <li>when it stores a new token for a shop (the app was installed again) it calls
 * {@link #reinstalled(Mutiny.Session, String)} in the transaction that stores the token.</li>
 * </ul>
 * A shop without a row was never uninstalled and counts as active. An uninstall keeps the shop's data;
 * {@code shop/redact} (48 hours later) erases it and sets {@code erased_at}: deliveries triggered before then are
 * ignored from that moment (see {@code DeliveryLedger}), even after a reinstall.
 */
@ApplicationScoped
public class ShopInstallationRepository {

    public static final String INSTALLED = "installed";
    public static final String UNINSTALLED = "uninstalled";

    private static final String STATUS = "SELECT status FROM shop_installations WHERE shop_domain = :shop";

    /** An uninstall triggered before the latest reinstall (delivered late) does not deactivate the shop again. */
    private static final String UNINSTALL = """
            INSERT INTO shop_installations AS i (shop_domain, status, uninstalled_at)
            VALUES (:shop, 'uninstalled', CAST(:at AS timestamptz))
            ON CONFLICT (shop_domain) DO UPDATE SET status = 'uninstalled',
                uninstalled_at = GREATEST(i.uninstalled_at, EXCLUDED.uninstalled_at), updated_at = now()
            WHERE i.reinstalled_at IS NULL OR i.reinstalled_at < EXCLUDED.uninstalled_at""";

    private static final String REINSTALL = """
            INSERT INTO shop_installations AS i (shop_domain, status, reinstalled_at)
            VALUES (:shop, 'installed', now())
            ON CONFLICT (shop_domain) DO UPDATE SET status = 'installed', reinstalled_at = now(), updated_at = now()""";

    private static final String ERASE = """
            INSERT INTO shop_installations AS i (shop_domain, status, erased_at)
            VALUES (:shop, 'uninstalled', CAST(:at AS timestamptz))
            ON CONFLICT (shop_domain) DO UPDATE SET erased_at = GREATEST(i.erased_at, EXCLUDED.erased_at),
                updated_at = now()""";

    private static final String ERASED_SINCE = """
            SELECT count(*) FROM shop_installations WHERE shop_domain = :shop AND erased_at IS NOT NULL
            AND COALESCE(CAST(:at AS timestamptz), reinstalled_at, '-infinity') <= erased_at""";

    /** True unless the app was uninstalled from the shop and not installed again since. */
    public Uni<Boolean> isActive(Mutiny.Session session, String shop) {
        return session.createNativeQuery(STATUS, String.class)
                .setParameter("shop", shop)
                .getSingleResultOrNull()
                .map(status -> status == null || INSTALLED.equals(status));
    }

    /** The app was installed again (a new token was stored): the shop is active from now on. */
    public Uni<Void> reinstalled(Mutiny.Session session, String shop) {
        return session.createNativeQuery(REINSTALL).setParameter("shop", shop).executeUpdate().replaceWithVoid();
    }

    /** Marks the shop uninstalled at {@code at}; false when a later reinstall already superseded it. */
    Uni<Boolean> uninstalled(Mutiny.Session session, String shop, OffsetDateTime at) {
        return session.createNativeQuery(UNINSTALL).setParameter("shop", shop).setParameter("at", at)
                .executeUpdate().map(changed -> changed > 0);
    }

    /** Records the shop's erasure, dated by the shop/redact request. */
    Uni<Void> erased(Mutiny.Session session, String shop, OffsetDateTime at) {
        return session.createNativeQuery(ERASE).setParameter("shop", shop).setParameter("at", at)
                .executeUpdate().replaceWithVoid();
    }

    /** Whether a delivery triggered at {@code triggeredAt} (null: unknown) predates the shop's erasure. */
    Uni<Boolean> erasedSince(Mutiny.Session session, String shop, OffsetDateTime triggeredAt) {
        return session.createNativeQuery(ERASED_SINCE, Long.class).setParameter("shop", shop)
                .setParameter("at", triggeredAt).getSingleResult().map(count -> count > 0);
    }
}
