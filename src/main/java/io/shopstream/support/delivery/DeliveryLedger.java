package io.shopstream.support.delivery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.support.sql.SqlChunks;
import io.smallrye.mutiny.Uni;

/**
 * The ledger of processed deliveries, written in the transaction of their effect: a delivery whose
 * (shop, webhook id) is already there is a duplicate and changes nothing; neither is a delivery of an erased shop
 * triggered before its erasure. Works on whole batches, one statement per step.
 */
@ApplicationScoped
public class DeliveryLedger {

    /** Rows per statement: well under PostgreSQL's 65,535 parameters. */
    static final int CHUNK = 1_000;

    /**
     * After {@code shop/redact} erased a shop (compliance, {@code shop_installations.erased_at}), a delivery for it
     * triggered at or before the erasure is not claimed, so it neither re-creates data nor leaves a ledger row. One
     * without a trigger time is refused too, unless the app was reinstalled after the erasure.
     */
    private static final String NOT_ERASED = """
            WHERE NOT EXISTS (SELECT 1 FROM shop_installations i WHERE i.shop_domain = v.shop_domain
                AND i.erased_at IS NOT NULL
                AND COALESCE(v.triggered_at, i.reinstalled_at, '-infinity') <= i.erased_at)""";

    /**
     * Claims the deliveries not processed before, in their order; a delivery repeated within the batch is claimed
     * once. Takes the batch's {@link ShopLocks} first.
     */
    public Uni<List<Delivery>> claim(Mutiny.Session session, List<Delivery> deliveries) {
        Uni<Set<String>> claimed = ShopLocks.shared(session, deliveries).map(locked -> new HashSet<>());
        for (List<Delivery> chunk : SqlChunks.of(deliveries, CHUNK)) {
            claimed = claimed.chain(keys -> claimChunk(session, chunk).map(more -> {
                keys.addAll(more);
                return keys;
            }));
        }
        return claimed.map(keys -> {
            List<Delivery> result = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                if (keys.remove(key(delivery.shopDomain(), delivery.webhookId()))) {
                    result.add(delivery);
                }
            }
            return result;
        });
    }

    private Uni<Set<String>> claimChunk(Mutiny.Session session, List<Delivery> chunk) {
        StringJoiner rows = new StringJoiner(", ", """
                INSERT INTO processed_deliveries (shop_domain, webhook_id, topic, event_id, triggered_at, outcome,
                    kafka_topic, kafka_partition, kafka_offset)
                SELECT v.* FROM (VALUES """, ") AS v(shop_domain, webhook_id, topic, event_id, triggered_at, outcome,"
                        + " kafka_topic, kafka_partition, kafka_offset)\n" + NOT_ERASED
                        + "\nON CONFLICT (shop_domain, webhook_id) DO NOTHING RETURNING shop_domain, webhook_id");
        for (int i = 0; i < chunk.size(); i++) {
            rows.add(("(CAST(:s%1$d AS text), CAST(:w%1$d AS text), CAST(:t%1$d AS text), CAST(:e%1$d AS text),"
                    + " CAST(:at%1$d AS timestamptz), 'applied', CAST(:kt%1$d AS text), CAST(:kp%1$d AS integer),"
                    + " CAST(:ko%1$d AS bigint))").formatted(i));
        }
        Mutiny.SelectionQuery<Object[]> insert = session.createNativeQuery(rows.toString(), Object[].class);
        for (int i = 0; i < chunk.size(); i++) {
            Delivery d = chunk.get(i);
            insert.setParameter("s" + i, d.shopDomain()).setParameter("w" + i, d.webhookId())
                    .setParameter("t" + i, d.topic()).setParameter("e" + i, d.eventId())
                    .setParameter("at" + i, d.triggeredAt()).setParameter("kt" + i, d.kafkaTopic())
                    .setParameter("kp" + i, d.partition()).setParameter("ko" + i, d.offset());
        }
        return insert.getResultList().map(returned -> {
            Set<String> keys = new HashSet<>();
            for (Object[] row : returned) {
                keys.add(key((String) row[0], (String) row[1]));
            }
            return keys;
        });
    }

    /** Records every outcome other than {@code applied} (the claim's default). */
    public Uni<Void> record(Mutiny.Session session, List<Delivery> deliveries, List<Outcome> outcomes) {
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            if (outcomes.get(i) != Outcome.APPLIED && outcomes.get(i) != Outcome.DUPLICATE) {
                changed.add(i);
            }
        }
        Uni<Void> done = Uni.createFrom().voidItem();
        for (List<Integer> chunk : SqlChunks.of(changed, CHUNK)) {
            done = done.chain(() -> recordChunk(session, deliveries, outcomes, chunk));
        }
        return done;
    }

    private Uni<Void> recordChunk(Mutiny.Session session, List<Delivery> deliveries, List<Outcome> outcomes,
            List<Integer> chunk) {
        StringJoiner rows = new StringJoiner(", ", "UPDATE processed_deliveries p SET outcome = v.outcome FROM (VALUES ",
                ") AS v(shop_domain, webhook_id, outcome) WHERE p.shop_domain = v.shop_domain"
                        + " AND p.webhook_id = v.webhook_id");
        for (int i = 0; i < chunk.size(); i++) {
            rows.add("(CAST(:s%1$d AS text), CAST(:w%1$d AS text), CAST(:o%1$d AS text))".formatted(i));
        }
        Mutiny.Query<Object> update = session.createNativeQuery(rows.toString());
        for (int i = 0; i < chunk.size(); i++) {
            Delivery d = deliveries.get(chunk.get(i));
            update.setParameter("s" + i, d.shopDomain()).setParameter("w" + i, d.webhookId())
                    .setParameter("o" + i, outcomes.get(chunk.get(i)).column());
        }
        return update.executeUpdate().replaceWithVoid();
    }

    private static String key(String shop, String webhookId) {
        return shop + '\n' + webhookId;
    }
}
