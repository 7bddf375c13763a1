package io.shopstream.shopify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.shopstream.support.correlation.CorrelationId;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Shops' Admin API credentials: the shop_credentials table (tokens AES-GCM encrypted, filled through the admin
 * API) wins over configuration ({@code shopstream.shops."<domain>".access-token}), so that an operator can replace a
 * token without a redeployment. Reads are cached for {@code shopstream.shopify.credentials-cache-ttl}. A 401/403
 * marks a shop invalid (in the table when its token is there, in memory for configured ones) until new credentials
 * are stored.
 */
@ApplicationScoped
public class ShopCredentialsStore implements CredentialsSource {

    static final String INVALID_GAUGE = "shopstream.shop.credentials.invalid";

    private static final String SELECT = """
            SELECT access_token_encrypted, plan, invalid_since, updated_at FROM shop_credentials WHERE shop_domain = $1""";
    private static final String UPSERT = """
            INSERT INTO shop_credentials (shop_domain, access_token_encrypted, plan, invalid_since, updated_at, updated_by)
            VALUES ($1, $2, $3, NULL, now(), $4)
            ON CONFLICT (shop_domain) DO UPDATE SET access_token_encrypted = excluded.access_token_encrypted,
                plan = excluded.plan, invalid_since = NULL, updated_at = now(), updated_by = excluded.updated_by""";
    private static final String MARK_INVALID = """
            UPDATE shop_credentials SET invalid_since = coalesce(invalid_since, $2) WHERE shop_domain = $1""";

    /** What a GET shows: never the token. */
    public record Status(String shop, ShopCredentials.Source source, String plan, boolean valid, Instant invalidSince,
            Instant updatedAt) {
    }

    private record Cached(Optional<ShopCredentials> credentials, Instant updatedAt, long loadedAt) {
    }

    private final Pool pool;
    private final ShopsConfig shops;
    private final ShopifyConfig config;
    private final Optional<TokenCipher> cipher;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Invalid shops with configured tokens: their mark lives here (a restart with a new token clears it). */
    private final Map<String, Instant> invalidConfigured = new ConcurrentHashMap<>();
    private final Set<String> invalid = ConcurrentHashMap.newKeySet();

    public ShopCredentialsStore(Pool pool, ShopsConfig shops, ShopifyConfig config, MeterRegistry registry) {
        this.pool = pool;
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
        pool.query("SELECT shop_domain FROM shop_credentials WHERE invalid_since IS NOT NULL").execute()
                .subscribe().with(rows -> rows.forEach(row -> invalid.add(row.getString(0))),
                        failure -> Log.warnf("Could not read invalid credential marks: %s", failure.getMessage()));
    }

    @Override
    public Uni<ShopCredentials> credentials(String shop) {
        Cached cached = cache.get(shop);
        if (cached != null && System.nanoTime() - cached.loadedAt() < config.credentialsCacheTtl().toNanos()) {
            return Uni.createFrom().item(cached.credentials().orElse(null));
        }
        return load(shop).map(loaded -> {
            cache.put(shop, loaded);
            return loaded.credentials().orElse(null);
        });
    }

    @Override
    public void markInvalid(String shop, String correlationId) {
        Instant now = Instant.now();
        invalid.add(shop);
        cache.computeIfPresent(shop, (key, cached) -> new Cached(
                cached.credentials().map(c -> c.invalidSince() != null ? c : c.invalidated(now)),
                cached.updatedAt(), cached.loadedAt()));
        Optional<ShopCredentials> known = Optional.ofNullable(cache.get(shop)).flatMap(Cached::credentials);
        if (known.isPresent() && known.get().source() == ShopCredentials.Source.CONFIG) {
            invalidConfigured.putIfAbsent(shop, now);
            return;
        }
        pool.preparedQuery(MARK_INVALID).execute(Tuple.of(shop, now.atOffset(ZoneOffset.UTC)))
                .subscribe().with(rows -> {
                }, failure -> {
                    MDC.put(CorrelationId.MDC_KEY, correlationId);
                    try {
                        Log.warnf("Could not persist the invalid credentials mark of %s: %s", shop,
                                failure.getMessage());
                    } finally {
                        MDC.remove(CorrelationId.MDC_KEY);
                    }
                });
    }

    /** Stores (replaces) a shop's token and plan and clears its invalid mark. */
    public Uni<Status> store(String shop, AccessToken token, String plan, String operator) {
        TokenCipher sealing = cipher.orElseThrow(TokenEncryptionKeyMissingException::new);
        byte[] sealed = sealing.encrypt(shop, token);
        return pool.preparedQuery(UPSERT).execute(Tuple.of(shop, io.vertx.core.buffer.Buffer.buffer(sealed),
                plan, operator))
                .invoke(() -> {
                    cache.remove(shop);
                    invalidConfigured.remove(shop);
                    invalid.remove(shop);
                })
                .chain(() -> status(shop)).map(Optional::orElseThrow);
    }

    /** Deletes the shop's stored credentials; configured ones (if any) apply again. */
    public Uni<Boolean> delete(String shop) {
        return pool.preparedQuery("DELETE FROM shop_credentials WHERE shop_domain = $1").execute(Tuple.of(shop))
                .map(rows -> rows.rowCount() > 0)
                .invoke(() -> {
                    cache.remove(shop);
                    if (!invalidConfigured.containsKey(shop)) {
                        invalid.remove(shop);
                    }
                });
    }

    public Uni<Optional<Status>> status(String shop) {
        return load(shop).invoke(loaded -> cache.put(shop, loaded)).map(loaded -> loaded.credentials().map(c ->
                new Status(shop, c.source(), c.plan(), !c.invalid(), c.invalidSince(), loaded.updatedAt())));
    }

    private Uni<Cached> load(String shop) {
        long now = System.nanoTime();
        return pool.preparedQuery(SELECT).execute(Tuple.of(shop)).map(rows -> {
            if (rows.size() > 0) {
                Row row = rows.iterator().next();
                return new Cached(Optional.of(fromRow(shop, row)), instant(row.getOffsetDateTime("updated_at")), now);
            }
            return new Cached(configured(shop), null, now);
        });
    }

    private ShopCredentials fromRow(String shop, Row row) {
        TokenCipher opening = cipher.orElseThrow(TokenEncryptionKeyMissingException::new);
        AccessToken token = opening.decrypt(shop, row.getBuffer("access_token_encrypted").getBytes());
        Instant invalidSince = instant(row.getOffsetDateTime("invalid_since"));
        if (invalidSince != null) {
            invalid.add(shop);
        }
        return new ShopCredentials(shop, token, row.getString("plan"), ShopCredentials.Source.TABLE, invalidSince);
    }

    private Optional<ShopCredentials> configured(String shop) {
        ShopsConfig.Shop configured = shops.shops().get(shop);
        if (configured == null || configured.accessToken().filter(t -> !t.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ShopCredentials(shop, new AccessToken(configured.accessToken().get()),
                configured.plan().orElse(null), ShopCredentials.Source.CONFIG, invalidConfigured.get(shop)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
