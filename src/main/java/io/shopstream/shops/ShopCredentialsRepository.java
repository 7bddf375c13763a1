package io.shopstream.shops;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.shopstream.compliance.ShopInstallationRepository;
import io.shopstream.shopify.AccessToken;
import io.shopstream.shopify.CredentialsSource;
import io.shopstream.shopify.ShopCredentials;
import io.shopstream.shopify.ShopifyConfig;
import io.shopstream.support.correlation.CorrelationId;
import io.shopstream.support.sql.OwnContextSessions;
import io.smallrye.mutiny.Uni;

/**
 * Shops' Admin API credentials: the shop_credentials table (tokens AES-GCM encrypted, filled through the admin
 * API) wins over configuration ({@code shopstream.shops."<domain>".access-token}), so that an operator can replace a
 * token without a redeployment. Reads are cached for {@code shopstream.shopify.credentials-cache-ttl}, together with
 * whether the app is installed on the shop ({@link ShopInstallationRepository#isActive}): an {@code app/uninstalled} stops
 * the client's calls to the shop at the latest one TTL after it was processed. A 401/403 marks a shop invalid (in
 * the table when its token is there, in memory for configured ones) until new credentials are stored. Storing new
 * credentials also marks the shop installed again, in the same transaction.
 */
@ApplicationScoped
public class ShopCredentialsRepository implements CredentialsSource {

    static final String INVALID_GAUGE = "shopstream.shop.credentials.invalid";

    /** The token as base64 text: a portable type whatever the driver maps bytea to. */
    private static final String SELECT = """
            SELECT encode(access_token_encrypted, 'base64'), plan, invalid_since, updated_at
            FROM shop_credentials WHERE shop_domain = :shop""";
    private static final String UPSERT = """
            INSERT INTO shop_credentials (shop_domain, access_token_encrypted, plan, invalid_since, updated_at, updated_by)
            VALUES (:shop, :token, CAST(:plan AS text), NULL, now(), CAST(:operator AS text))
            ON CONFLICT (shop_domain) DO UPDATE SET access_token_encrypted = excluded.access_token_encrypted,
                plan = excluded.plan, invalid_since = NULL, updated_at = now(), updated_by = excluded.updated_by""";
    private static final String MARK_INVALID = """
            UPDATE shop_credentials SET invalid_since = coalesce(invalid_since, CAST(:at AS timestamptz))
            WHERE shop_domain = :shop""";
    private static final String DELETE = "DELETE FROM shop_credentials WHERE shop_domain = :shop";
    private static final String INVALID_SHOPS = "SELECT shop_domain FROM shop_credentials WHERE invalid_since IS NOT NULL";

    /** What a GET shows: never the token. {@code active}: the app is installed on the shop. */
    public record Status(String shop, ShopCredentials.Source source, String plan, boolean valid, Instant invalidSince,
            Instant updatedAt, boolean active) {
    }

    private record Cached(Optional<ShopCredentials> credentials, Instant updatedAt, boolean active, long loadedAt) {
    }

    private final OwnContextSessions sessions;
    private final ShopInstallationRepository installations;
    private final ShopsConfig shops;
    private final ShopifyConfig config;
    private final Optional<TokenCipher> cipher;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Invalid shops with configured tokens: their mark lives here (a restart with a new token clears it). */
    private final Map<String, Instant> invalidConfigured = new ConcurrentHashMap<>();
    private final Set<String> invalid = ConcurrentHashMap.newKeySet();

    public ShopCredentialsRepository(OwnContextSessions sessions, ShopInstallationRepository installations, ShopsConfig shops,
            ShopifyConfig config, MeterRegistry registry) {
        this.sessions = sessions;
        this.installations = installations;
        this.shops = shops;
        this.config = config;
        this.cipher = config.tokenEncryptionKey().filter(k -> !k.isBlank()).map(TokenCipher::fromBase64);
        Gauge.builder(INVALID_GAUGE, invalid, Set::size)
                .description("Shops whose Admin API credentials Shopify refused (401/403)").register(registry);
    }

    void loadInvalidMarks(@Observes StartupEvent event) {
        if (cipher.isEmpty()) {
            Log.warn("shopstream.shopify.token-encryption-key is not set: credentials can come from configuration "
                    + "only, and PUT /admin/shops/{domain}/credentials is refused");
        }
        sessions.withSession(session -> session.createNativeQuery(INVALID_SHOPS, String.class).getResultList())
                .subscribe().with(invalid::addAll,
                        failure -> Log.warnf("Could not read invalid credential marks: %s", failure.getMessage()));
    }

    @Override
    public Uni<ShopCredentials> credentials(String shop) {
        return cached(shop).map(cached -> cached.credentials().orElse(null));
    }

    @Override
    public Uni<Boolean> active(String shop) {
        return cached(shop).map(Cached::active);
    }

    @Override
    public Uni<Access> access(String shop) {
        return cached(shop).map(cached -> new Access(cached.active(), cached.credentials().orElse(null)));
    }

    @Override
    public void markInvalid(String shop, String correlationId) {
        Instant now = Instant.now();
        invalid.add(shop);
        cache.computeIfPresent(shop, (key, cached) -> new Cached(
                cached.credentials().map(c -> c.invalidSince() != null ? c : c.invalidated(now)),
                cached.updatedAt(), cached.active(), cached.loadedAt()));
        Optional<ShopCredentials> known = Optional.ofNullable(cache.get(shop)).flatMap(Cached::credentials);
        if (known.isPresent() && known.get().source() == ShopCredentials.Source.CONFIG) {
            invalidConfigured.putIfAbsent(shop, now);
            return;
        }
        sessions.withTransaction(session -> session.createNativeQuery(MARK_INVALID)
                .setParameter("shop", shop).setParameter("at", now.atOffset(ZoneOffset.UTC)).executeUpdate())
                .subscribe().with(rows -> {
                }, failure -> {
                    CorrelationId.inMdc(correlationId, () -> Log.warnf(
                            "Could not persist the invalid credentials mark of %s: %s", shop, failure.getMessage()));
                });
    }

    /**
     * Stores (replaces) a shop's token and plan and clears its invalid mark; in the same transaction the shop counts
     * as installed again ({@link ShopInstallationRepository#reinstalled}).
     */
    public Uni<Status> store(String shop, AccessToken token, String plan, String operator) {
        TokenCipher sealing = cipher.orElseThrow(TokenEncryptionKeyMissingException::new);
        byte[] sealed = sealing.encrypt(shop, token);
        return sessions.withTransaction(session -> session.createNativeQuery(UPSERT)
                .setParameter("shop", shop).setParameter("token", sealed).setParameter("plan", plan)
                .setParameter("operator", operator).executeUpdate()
                .chain(() -> installations.reinstalled(session, shop)))
                .invoke(() -> {
                    cache.remove(shop);
                    invalidConfigured.remove(shop);
                    invalid.remove(shop);
                })
                .chain(() -> status(shop)).map(Optional::orElseThrow);
    }

    /** Deletes the shop's stored credentials; configured ones (if any) apply again. */
    public Uni<Boolean> delete(String shop) {
        return sessions.withTransaction(session -> session.createNativeQuery(DELETE).setParameter("shop", shop)
                .executeUpdate())
                .map(rows -> rows > 0)
                .invoke(() -> {
                    cache.remove(shop);
                    if (!invalidConfigured.containsKey(shop)) {
                        invalid.remove(shop);
                    }
                });
    }

    public Uni<Optional<Status>> status(String shop) {
        return load(shop).invoke(loaded -> cache.put(shop, loaded)).map(loaded -> loaded.credentials().map(c ->
                new Status(shop, c.source(), c.plan(), !c.invalid(), c.invalidSince(), loaded.updatedAt(),
                        loaded.active())));
    }

    private Uni<Cached> cached(String shop) {
        Cached cached = cache.get(shop);
        if (cached != null && System.nanoTime() - cached.loadedAt() < config.credentialsCacheTtl().toNanos()) {
            return Uni.createFrom().item(cached);
        }
        return load(shop).invoke(loaded -> cache.put(shop, loaded));
    }

    /** The shop's row (or configured credentials) and whether it is active, read in one session. */
    private Uni<Cached> load(String shop) {
        long now = System.nanoTime();
        return sessions.withSession(session -> session.createNativeQuery(SELECT, Object[].class)
                .setParameter("shop", shop).getResultList()
                .chain(rows -> installations.isActive(session, shop).map(active -> {
                    if (!rows.isEmpty()) {
                        Object[] row = rows.get(0);
                        return new Cached(Optional.of(fromRow(shop, row)), instant(row[3]), active, now);
                    }
                    return new Cached(configured(shop), null, active, now);
                })));
    }

    private ShopCredentials fromRow(String shop, Object[] row) {
        TokenCipher opening = cipher.orElseThrow(TokenEncryptionKeyMissingException::new);
        // encode(..., 'base64') breaks lines every 76 characters
        byte[] sealed = Base64.getMimeDecoder().decode((String) row[0]);
        AccessToken token = opening.decrypt(shop, sealed);
        Instant invalidSince = instant(row[2]);
        if (invalidSince != null) {
            invalid.add(shop);
        }
        return new ShopCredentials(shop, token, (String) row[1], ShopCredentials.Source.TABLE, invalidSince);
    }

    private Optional<ShopCredentials> configured(String shop) {
        ShopsConfig.Shop configured = shops.shops().get(shop);
        if (configured == null || configured.accessToken().filter(t -> !t.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ShopCredentials(shop, new AccessToken(configured.accessToken().get()),
                configured.plan().orElse(null), ShopCredentials.Source.CONFIG, invalidConfigured.get(shop)));
    }

    /** A timestamptz column as the driver hands it over. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
