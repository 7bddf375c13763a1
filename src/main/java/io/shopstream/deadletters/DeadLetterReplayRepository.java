package io.shopstream.deadletters;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * The audit trail of replays ({@code dead_letter_replays}): who sent which dead letter back, when, and what it was
 * (shop, webhook id, correlation ID, reason); never the payload.
 */
@ApplicationScoped
public class DeadLetterReplayRepository {

    private static final String INSERT = """
            INSERT INTO dead_letter_replays (operator, replayed_at, dlq_topic, dlq_partition, dlq_offset, origin_topic,
                shop_domain, webhook_id, correlation_id, reason, forced)
            VALUES (:operator, :at, :topic, :partition, :offset, :origin, CAST(:shop AS text), CAST(:webhook AS text),
                CAST(:correlation AS text), CAST(:reason AS text), :forced)""";

    private final Mutiny.SessionFactory sessions;

    public DeadLetterReplayRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The latest earlier replay of each of these dead letters that has one. */
    public Uni<Map<DeadLetterId, PriorReplay>> previous(List<DeadLetterId> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        StringJoiner keys = new StringJoiner(", ", """
                SELECT dlq_topic, dlq_partition, dlq_offset, operator, replayed_at FROM dead_letter_replays
                WHERE (dlq_topic, dlq_partition, dlq_offset) IN (""", ") ORDER BY replayed_at");
        for (int i = 0; i < ids.size(); i++) {
            keys.add("(CAST(:t%1$d AS text), CAST(:p%1$d AS integer), CAST(:o%1$d AS bigint))".formatted(i));
        }
        return sessions.withSession(session -> {
            Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery(keys.toString(), Object[].class);
            for (int i = 0; i < ids.size(); i++) {
                query.setParameter("t" + i, ids.get(i).topic()).setParameter("p" + i, ids.get(i).partition())
                        .setParameter("o" + i, ids.get(i).offset());
            }
            return query.getResultList();
        }).map(rows -> {
            Map<DeadLetterId, PriorReplay> previous = new HashMap<>();
            for (Object[] row : rows) {
                previous.put(new DeadLetterId((String) row[0], ((Number) row[1]).intValue(),
                        ((Number) row[2]).longValue()), new PriorReplay((String) row[3], instant(row[4])));
            }
            return previous;
        });
    }

    public Uni<Void> record(DeadLetter letter, String operator, Instant at, boolean forced) {
        return sessions.withTransaction(session -> session.createNativeQuery(INSERT)
                .setParameter("operator", operator)
                .setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("topic", letter.dlqTopic())
                .setParameter("partition", letter.partition())
                .setParameter("offset", letter.offset())
                .setParameter("origin", letter.originTopic())
                .setParameter("shop", letter.shop())
                .setParameter("webhook", letter.webhookId())
                .setParameter("correlation", letter.correlationId())
                .setParameter("reason", letter.reason())
                .setParameter("forced", forced)
                .executeUpdate()).replaceWithVoid();
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected replayed_at type " + value.getClass());
    }
}
