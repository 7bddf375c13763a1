package io.shopstream.writeback;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.shopstream.compliance.ShopInstallationRepository;
import io.shopstream.support.sql.OwnContextSessions;
import io.smallrye.mutiny.Uni;

/**
 * Which write-backs ended ({@code writebacks}), recorded before the record's offset is committed: a redelivery of
 * an ended write-back is acknowledged without calling Shopify again.
 */
@ApplicationScoped
public class WriteBackRepository {

    private static final String ENDED = "SELECT status FROM writebacks WHERE shop_domain = :shop AND id = :id";
    private static final String RECORD = """
            INSERT INTO writebacks (shop_domain, id, kind, status, attempts, detail, error_codes)
            VALUES (:shop, :id, :kind, :status, :attempts, :detail, :codes)
            ON CONFLICT (shop_domain, id) DO UPDATE SET status = EXCLUDED.status,
                attempts = writebacks.attempts + EXCLUDED.attempts, detail = EXCLUDED.detail,
                error_codes = EXCLUDED.error_codes, completed_at = now()
            WHERE writebacks.status = 'dead-lettered'""";
    private static final String PURGE = """
            DELETE FROM writebacks WHERE completed_at < now() - make_interval(secs => :age)""";

    private final OwnContextSessions sessions;
    private final ShopInstallationRepository installations;

    public WriteBackRepository(OwnContextSessions sessions, ShopInstallationRepository installations) {
        this.sessions = sessions;
        this.installations = installations;
    }

    /** Before a write-back is taken: how it ended (null: it has not), and whether the app is installed on the shop. */
    public record State(String ended, boolean active) {
    }

    /**
     * The write-back's state, read fresh in one session (the {@link ShopInstallationRepository} contract: an uninstall
     * cancels what was not sent yet at once, not after a cache expires).
     */
    public Uni<State> state(WriteBack writeBack) {
        return sessions.withSession(session -> session.createNativeQuery(ENDED, String.class)
                .setParameter("shop", writeBack.shop()).setParameter("id", writeBack.id())
                .getSingleResultOrNull()
                .chain(ended -> installations.isActive(session, writeBack.shop())
                        .map(active -> new State(ended, active))));
    }

    public Uni<Void> record(WriteBack writeBack, WriteBackStatus status, int attempts, String detail, String codes) {
        return sessions.withTransaction(session -> session.createNativeQuery(RECORD)
                .setParameter("shop", writeBack.shop()).setParameter("id", writeBack.id())
                .setParameter("kind", writeBack.kind()).setParameter("status", status.tag())
                .setParameter("attempts", attempts).setParameter("detail", detail).setParameter("codes", codes)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Integer> purgeOlderThan(Duration age) {
        return sessions.withTransaction(session -> session.createNativeQuery(PURGE)
                .setParameter("age", (double) age.toSeconds()).executeUpdate());
    }
}
