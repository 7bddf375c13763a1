package io.shopstream.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Waits on the ledger of processed deliveries, the consumers' own record of what they have done. */
public final class Ledger {

    private Ledger() {
    }

    /** Waits until at least {@code deliveries} deliveries of the shop were processed (applied, stale or recorded). */
    public static void awaitProcessed(String shop, int deliveries) {
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(shop) >= deliveries);
    }

    public static long processed(String shop) {
        return ((Number) Sql.scalar("SELECT count(*) FROM processed_deliveries WHERE shop_domain = ?", shop))
                .longValue();
    }

    /** The outcome recorded for one delivery, or null when it was not processed. */
    public static String outcome(String shop, String webhookId) {
        return (String) Sql.scalar(
                "SELECT outcome FROM processed_deliveries WHERE shop_domain = ? AND webhook_id = ?", shop, webhookId);
    }
}
