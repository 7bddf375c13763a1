package io.shopstream.devservices.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.devservices.sender.SendSummary;
import io.shopstream.devservices.sender.SignedWebhook;
import io.shopstream.devservices.sender.WebhookPlan;
import io.shopstream.devservices.sender.WebhookSender;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Sql;

/** The webhook sender against the running application: everything accepted, and the orders land in PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class SendWebhooksTest {

    @TestHTTPResource("/webhooks/shopify")
    URL endpoint;

    @Test
    void aBurstWithDuplicatesAndLateUpdatesEndsAsOneRowPerOrderAtItsNewestVersion() throws Exception {
        String prefix = "send-" + UUID.randomUUID().toString().substring(0, 8);
        WebhookPlan plan = WebhookPlan.burst(new WebhookPlan.Burst(24, 3, 0.25, 0.25, prefix, "5e11de45", 7),
                SignedSample.SECRET);

        SendSummary summary = new WebhookSender(Duration.ofSeconds(10)).send(endpoint.toURI(), plan.webhooks(), 4);

        assertThat(summary.sent()).isEqualTo(plan.webhooks().size());
        assertThat(summary.count("200")).isEqualTo(plan.webhooks().size());
        assertThat(summary.p99Millis()).isPositive();
        String shops = prefix + "-%";
        int deliveries = plan.orders() + plan.updates();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM processed_deliveries WHERE shop_domain LIKE ?", shops) == deliveries);
        assertThat(count("SELECT count(*) FROM orders WHERE shop_domain LIKE ?", shops)).isEqualTo(24);
        // every late (older) update is stale; a create may be too, when its newer update came in the same batch
        assertThat(Sql.query("SELECT outcome FROM processed_deliveries WHERE shop_domain LIKE ? AND webhook_id IN ("
                + String.join(", ", java.util.Collections.nCopies(lateUpdates(plan).size(), "?")) + ")",
                concat(shops, lateUpdates(plan)))).hasSize(plan.outOfOrder())
                .allSatisfy(row -> assertThat(row).containsEntry("outcome", "stale"));
        // each out-of-order order ends at its newest version: created + 2 s + 120 s
        List<Map<String, Object>> late = Sql.query("""
                SELECT created_at, updated_at FROM orders WHERE shop_domain LIKE ? AND updated_at > created_at
                    + interval '1 minute'""", shops);
        assertThat(late).hasSize(plan.outOfOrder());
        late.forEach(row -> assertThat((OffsetDateTime) row.get("updated_at"))
                .isEqualTo(((OffsetDateTime) row.get("created_at")).plusSeconds(122)));
    }

    @Test
    void theBundledSamplesAreAllAccepted() throws Exception {
        WebhookPlan plan = WebhookPlan.samples(null, SignedSample.SECRET);
        SendSummary summary = new WebhookSender(Duration.ofSeconds(10)).send(URI.create(endpoint.toString()),
                plan.webhooks(), 2);
        assertThat(summary.statuses()).containsExactly(Map.entry("200", plan.webhooks().size()));
    }

    /** The updates planned to arrive after a newer version of their order. */
    private static List<String> lateUpdates(WebhookPlan plan) {
        return plan.webhooks().stream().filter(w -> w.label().endsWith("update +60s")).map(SignedWebhook::webhookId)
                .toList();
    }

    private static Object[] concat(String first, List<String> rest) {
        List<Object> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray();
    }

    private static long count(String sql, Object... parameters) {
        return ((Number) Sql.scalar(sql, parameters)).longValue();
    }
}
