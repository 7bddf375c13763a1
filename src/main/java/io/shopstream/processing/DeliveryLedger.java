package io.shopstream.processing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.support.sql.JsonRows;
import io.smallrye.mutiny.Uni;

/**
 * The ledger of processed deliveries, written in the transaction of their effect: a delivery whose
 * (shop, webhook id) is already there is a duplicate and changes nothing; neither is a delivery of an erased shop
 * triggered before its erasure. Works on whole batches, one statement per step whatever the batch size.
 */
@ApplicationScoped
public class DeliveryLedger {

    /**
     * After {@code shop/redact} erased a shop (compliance, {@code shop_installations.erased_at}), a delivery for it
     * triggered at or before the erasure is not claimed, so it neither re-creates data nor leaves a ledger row. One
     * without a trigger time is refused too, unless the app was reinstalled after the erasure.
     */
    private static final String CLAIM = """
            INSERT INTO processed_deliveries (shop_domain, webhook_id, topic, event_id, triggered_at, outcome,
                kafka_topic, kafka_partition, kafka_offset)
            SELECT shop_domain, webhook_id, topic, event_id, triggered_at, 'applied', kafka_topic, kafka_partition,
                kafka_offset
            FROM json_to_recordset(CAST(CAST(:rows AS text) AS json)) AS v(shop_domain text, webhook_id text,
                topic text, event_id text, triggered_at timestamptz, kafka_topic text, kafka_partition integer, kafka_offset bigint)
            WHERE NOT EXISTS (SELECT 1 FROM shop_installations i WHERE i.shop_domain = v.shop_domain
                AND i.erased_at IS NOT NULL
                AND COALESCE(v.triggered_at, i.reinstalled_at, '-infinity') <= i.erased_at)
            ON CONFLICT (shop_domain, webhook_id) DO NOTHING
            RETURNING shop_domain, webhook_id""";

    private static final String RECORD = """
            UPDATE processed_deliveries p SET outcome = v.outcome
            FROM json_to_recordset(CAST(CAST(:rows AS text) AS json))
                AS v(shop_domain text, webhook_id text, outcome text)
            WHERE p.shop_domain = v.shop_domain AND p.webhook_id = v.webhook_id""";

    /**
     * Claims the deliveries not processed before, in their order; a delivery repeated within the batch is claimed
     * once. Takes the batch's {@link ShopLocks} first.
     */
    public Uni<List<Delivery>> claim(Mutiny.Session session, List<Delivery> deliveries) {
        String rows = JsonRows.of(deliveries, (row, d) -> row.put("shop_domain", d.shopDomain())
                .put("webhook_id", d.webhookId()).put("topic", d.topic()).put("event_id", d.eventId())
                .put("triggered_at", d.triggeredAt()).put("kafka_topic", d.kafkaTopic())
                .put("kafka_partition", d.partition()).put("kafka_offset", d.offset()));
        return ShopLocks.shared(session, deliveries)
                .chain(() -> session.createNativeQuery(CLAIM, Object[].class).setParameter("rows", rows).getResultList())
                .map(returned -> {
                    Set<String> keys = new HashSet<>();
                    for (Object[] row : returned) {
                        keys.add(key((String) row[0], (String) row[1]));
                    }
                    List<Delivery> claimed = new ArrayList<>();
                    for (Delivery delivery : deliveries) {
                        if (keys.remove(key(delivery.shopDomain(), delivery.webhookId()))) {
                            claimed.add(delivery);
                        }
                    }
                    return claimed;
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
