package io.shopstream.processing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.support.kafka.DestructiveTopics;
import io.shopstream.support.sql.JsonRows;
import io.smallrye.mutiny.Uni;

/**
 * The ledger of processed deliveries, written in the transaction of their effect: a delivery whose
 * (shop, webhook id) is already there is a duplicate and changes nothing, and so is a second copy of one event on
 * one topic with the same body (fan-out: same event id, another webhook id); neither is a delivery of an erased shop triggered before
 * its erasure. Every claim also looks its body up in {@code delivery_bodies}: a signed body first seen under
 * another shop, or first seen under another topic and now sent as a destructive one, is recorded as
 * {@link Outcome#FORGED} and never reaches a handler. Works on whole batches, one statement per step whatever the
 * batch size.
 */
@ApplicationScoped
public class DeliveryLedger {

    /** What a claim found: the deliveries to apply, in their order, and the forged ones (already recorded). */
    public record Claim(List<Delivery> claimed, List<Delivery> forged) {
    }

    /**
     * After {@code shop/redact} erased a shop (compliance, {@code shop_installations.erased_at}), a delivery for it
     * triggered at or before the erasure is not claimed, so it neither re-creates data nor leaves a ledger row. One
     * without a trigger time is refused too, unless the app was reinstalled after the erasure.
     * <p>
     * The body upsert returns the row as first written (the no-op update takes its row lock, so a concurrent first
     * sighting of the same body commits before this one reads it); a batch's own repeats are inserted once.
     */
    private static final String CLAIM = """
            WITH v AS (
                SELECT * FROM json_to_recordset(CAST(CAST(:rows AS text) AS json)) AS v(position integer,
                    shop_domain text, webhook_id text, topic text, event_id text, triggered_at timestamptz,
                    digest text, destructive boolean, kafka_topic text, kafka_partition integer, kafka_offset bigint)
            ), bodies AS (
                INSERT INTO delivery_bodies AS b (digest, shop_domain, topic)
                SELECT DISTINCT ON (digest) decode(digest, 'hex'), shop_domain, topic FROM v ORDER BY digest, position
                ON CONFLICT (digest) DO UPDATE SET shop_domain = b.shop_domain
                RETURNING b.digest, b.shop_domain, b.topic
            )
            INSERT INTO processed_deliveries (shop_domain, webhook_id, topic, event_id, event_key, triggered_at,
                outcome, kafka_topic, kafka_partition, kafka_offset)
            SELECT v.shop_domain, v.webhook_id, v.topic, v.event_id,
                v.topic || ' ' || v.event_id || ' ' || left(v.digest, 32), v.triggered_at,
                CASE WHEN b.shop_domain <> v.shop_domain OR (v.destructive AND b.topic <> v.topic) THEN 'forged'
                    ELSE 'applied' END,
                v.kafka_topic, v.kafka_partition, v.kafka_offset
            FROM v JOIN bodies b ON b.digest = decode(v.digest, 'hex')
            WHERE NOT EXISTS (SELECT 1 FROM shop_installations i WHERE i.shop_domain = v.shop_domain
                AND i.erased_at IS NOT NULL
                AND COALESCE(v.triggered_at, i.reinstalled_at, '-infinity') <= i.erased_at)
            ORDER BY v.position
            ON CONFLICT DO NOTHING
            RETURNING shop_domain, webhook_id, outcome""";

    private static final String RECORD = """
            UPDATE processed_deliveries p SET outcome = v.outcome
            FROM json_to_recordset(CAST(CAST(:rows AS text) AS json))
                AS v(shop_domain text, webhook_id text, outcome text)
            WHERE p.shop_domain = v.shop_domain AND p.webhook_id = v.webhook_id""";

    /**
     * Claims the deliveries not processed before, in their order; a delivery repeated within the batch is claimed
     * once. Takes the batch's {@link ShopLocks} first.
     */
    public Uni<Claim> claim(Mutiny.Session session, List<Delivery> deliveries) {
        int[] position = { 0 };
        String rows = JsonRows.of(deliveries, (row, d) -> row.put("position", position[0]++)
                .put("shop_domain", d.shopDomain()).put("webhook_id", d.webhookId()).put("topic", d.topic())
                .put("event_id", d.eventId()).put("triggered_at", d.triggeredAt())
                .put("digest", BodyDigest.hex(d.body())).put("destructive", DestructiveTopics.contains(d.topic()))
                .put("kafka_topic", d.kafkaTopic()).put("kafka_partition", d.partition())
                .put("kafka_offset", d.offset()));
        return ShopLocks.shared(session, deliveries)
                .chain(() -> session.createNativeQuery(CLAIM, Object[].class).setParameter("rows", rows).getResultList())
                .map(returned -> {
                    Map<String, String> outcomes = new HashMap<>();
                    for (Object[] row : returned) {
                        outcomes.put(key((String) row[0], (String) row[1]), (String) row[2]);
                    }
                    List<Delivery> claimed = new ArrayList<>();
                    List<Delivery> forged = new ArrayList<>();
                    for (Delivery delivery : deliveries) {
                        String outcome = outcomes.remove(key(delivery.shopDomain(), delivery.webhookId()));
                        if (outcome != null) {
                            (Outcome.FORGED.column().equals(outcome) ? forged : claimed).add(delivery);
                        }
                    }
                    return new Claim(claimed, forged);
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
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String rows = JsonRows.of(changed, (row, i) -> row.put("shop_domain", deliveries.get(i).shopDomain())
                .put("webhook_id", deliveries.get(i).webhookId()).put("outcome", outcomes.get(i).column()));
        return session.createNativeQuery(RECORD).setParameter("rows", rows).executeUpdate().replaceWithVoid();
    }

    private static String key(String shop, String webhookId) {
        return shop + '\n' + webhookId;
    }
}
