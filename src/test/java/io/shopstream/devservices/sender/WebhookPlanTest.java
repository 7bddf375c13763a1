package io.shopstream.devservices.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopstream.devservices.sender.SignedWebhook;
import io.shopstream.devservices.sender.WebhookPlan;
import io.shopstream.ingest.HmacVerifier;
import io.shopstream.testing.SignedSample;

class WebhookPlanTest {

    static final String SECRET = "a-secret-of-the-test";

    private final HmacVerifier verifier = new HmacVerifier(List.of(SECRET));

    @Test
    void aBurstHasTheAskedSharesOfOutOfOrderUpdatesAndDuplicates() {
        WebhookPlan plan = WebhookPlan.burst(new WebhookPlan.Burst(100, 7, 0.1, 0.2, "plan", "0a1b2c3d", 42), SECRET);

        assertThat(plan.orders()).isEqualTo(100);
        assertThat(plan.outOfOrder()).isEqualTo(20);
        assertThat(plan.updates()).isEqualTo(40);
        assertThat(plan.duplicates()).isEqualTo(14); // 10 % of 140 deliveries
        assertThat(plan.webhooks()).hasSize(154);
        assertThat(plan.webhooks().stream().map(SignedWebhook::webhookId).distinct()).hasSize(140);
        assertThat(plan.webhooks().stream().map(SignedWebhook::shop).distinct()).hasSize(7);
        assertThat(distinctIds(plan, "orders/create")).isEqualTo(100);
        assertThat(distinctIds(plan, "orders/updated")).isEqualTo(40);
    }

    @Test
    void everyWebhookIsSignedOverItsExactBytes() {
        WebhookPlan plan = WebhookPlan.burst(new WebhookPlan.Burst(30, 3, 0.2, 0.3, "plan", "0a1b2c3d", 1), SECRET);
        for (SignedWebhook webhook : plan.webhooks()) {
            assertThat(verifier.verify(webhook.body(), webhook.headers().get(SignedWebhook.HMAC))).hasValue(0);
        }
    }

    @Test
    void theOlderUpdateComesAfterTheNewerOneOfTheSameOrder() throws Exception {
        WebhookPlan plan = WebhookPlan.burst(new WebhookPlan.Burst(20, 4, 0, 0.5, "plan", "0a1b2c3d", 3), SECRET);
        ObjectMapper json = new ObjectMapper();
        Map<Long, List<OffsetDateTime>> updatesByOrder = new LinkedHashMap<>();
        for (SignedWebhook webhook : plan.webhooks()) {
            if (webhook.topic().equals("orders/updated")) {
                var body = json.readTree(webhook.body());
                updatesByOrder.computeIfAbsent(body.get("id").asLong(), id -> new ArrayList<>())
                        .add(OffsetDateTime.parse(body.get("updated_at").asText()));
            }
        }
        assertThat(updatesByOrder).hasSize(10);
        updatesByOrder.values().forEach(versions -> {
            assertThat(versions).hasSize(2);
            assertThat(versions.get(1)).isBefore(versions.get(0));
        });
    }

    @Test
    void aDuplicateIsTheSameDeliveryAgainAfterTheOriginal() {
        WebhookPlan plan = WebhookPlan.burst(new WebhookPlan.Burst(10, 2, 0.5, 0, "plan", "0a1b2c3d", 5), SECRET);
        List<SignedWebhook> webhooks = plan.webhooks();
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (SignedWebhook webhook : webhooks) {
            if (!seen.add(webhook.webhookId())) {
                duplicates++;
                SignedWebhook original = webhooks.stream().filter(w -> w.webhookId().equals(webhook.webhookId()))
                        .findFirst().orElseThrow();
                assertThat(webhook.body()).isEqualTo(original.body());
                assertThat(webhook.headers()).isEqualTo(original.headers());
            }
        }
        assertThat(duplicates).isEqualTo(5);
    }

    @Test
    void theBundledSamplesSignedWithTheTestSecretCarryTheRecordedSignatures() {
        WebhookPlan plan = WebhookPlan.samples(null, SignedSample.SECRET);
        Map<String, String> signatures = plan.webhooks().stream()
                .collect(Collectors.toMap(SignedWebhook::label, w -> w.headers().get(SignedWebhook.HMAC)));
        assertThat(signatures.keySet()).containsExactlyInAnyOrderElementsOf(SignedSample.files());
        SignedSample.files().forEach(file -> assertThat(signatures.get(file))
                .isEqualTo(SignedSample.load(file).header(SignedWebhook.HMAC)));
    }

    private static long distinctIds(WebhookPlan plan, String topic) {
        return plan.webhooks().stream().filter(w -> w.topic().equals(topic)).map(SignedWebhook::webhookId).distinct()
                .count();
    }
}
