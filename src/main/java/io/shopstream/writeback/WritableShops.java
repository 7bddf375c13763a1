package io.shopstream.writeback;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.shops.ShopsConfig;
import io.smallrye.mutiny.Uni;

/**
 * Which shops Shopstream can write to: those with a configured access token, and (checked by the rules' own SQL,
 * {@link #stored}) those with credentials in {@code shop_credentials}. Rules ask for nothing for other shops; a shop
 * whose credentials disappear later has its recorded write-backs ended {@code skipped}.
 */
@ApplicationScoped
public class WritableShops {

    /** SQL: the shop named by {@code shop} (a column or a parameter) has stored credentials. */
    public static String stored(String shop) {
        return "EXISTS (SELECT 1 FROM shop_credentials sc WHERE sc.shop_domain = " + shop + ")";
    }

    private final Set<String> configured;

    public WritableShops(ShopsConfig shops) {
        this.configured = shops.shops().entrySet().stream()
                .filter(entry -> entry.getValue().accessToken().filter(token -> !token.isBlank()).isPresent())
                .map(entry -> entry.getKey().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
    }

    public boolean configured(String shop) {
        return configured.contains(shop);
    }

    /** Whether Shopstream can write to the shop: a configured token, else stored credentials. */
    public Uni<Boolean> writable(Mutiny.Session session, String shop) {
        return configured(shop) ? Uni.createFrom().item(true)
                : session.createNativeQuery("SELECT " + stored(":shop"), Boolean.class).setParameter("shop", shop)
                        .getSingleResult();
    }
}
