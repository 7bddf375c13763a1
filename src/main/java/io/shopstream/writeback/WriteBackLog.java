package io.shopstream.writeback;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.shopstream.support.sql.OwnContextSessions;
import io.smallrye.mutiny.Uni;

/**
 * Which write-backs ended ({@code writebacks}), recorded before the record's offset is committed: a redelivery of
 * an ended write-back is acknowledged without calling Shopify again.
 */
@ApplicationScoped
public class WriteBackLog {

    private static final String ENDED = "SELECT status FROM writebacks WHERE shop_domain = :shop AND id = :id";
    private static final String RECORD = """
            INSERT INTO writebacks (shop_domain, id, kind, status, attempts, detail, error_codes)
            VALUES (:shop, :id, :kind, :status, :attempts, :detail, :codes)
            ON CONFLICT (shop_domain, id) DO NOTHING""";
    private static final String PURGE = """
            DELETE FROM writebacks WHERE completed_at < now() - CAST(:age AS bigint) * interval '1 second'""";

    private final OwnContextSessions sessions;

    public WriteBackLog(OwnContextSessions sessions) {
        this.sessions = sessions;
    }

    /** The status the write-back ended with, or null when it has not ended. */
    public Uni<String> ended(WriteBack writeBack) {
        return sessions.withSession(session -> session.createNativeQuery(ENDED, String.class)
                .setParameter("shop", writeBack.shop()).setParameter("id", writeBack.id())
                .getSingleResultOrNull());
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
                .setParameter("age", age.toSeconds()).executeUpdate());
    }
}
