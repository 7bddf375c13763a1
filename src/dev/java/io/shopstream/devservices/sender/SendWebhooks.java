package io.shopstream.devservices.sender;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The webhook sender (run through {@code deploy/send-webhooks.sh}): signs webhooks like Shopify and posts them to a
 * URL, then prints a summary; exits 1 unless every answer was 2xx. The offline counterpart of
 * {@code shopify app webhook trigger}.
 *
 * <pre>
 * url=http://127.0.0.1:8080/webhooks/shopify secret=... samples=bundled|DIR concurrency=8
 * url=... secret=... orders=1000 shops=20 duplicates=0.1 out-of-order=0.1 [shop-prefix=send] [seed=1]
 * </pre>
 */
public final class SendWebhooks {

    private SendWebhooks() {
    }

    public static void main(String[] args) {
        BenchArgs arguments = new BenchArgs(args);
        URI url = URI.create(arguments.required("url"));
        String secret = arguments.getOrEnv("secret", "SHOPSTREAM_WEBHOOK_SECRET", null);
        if (secret == null) {
            throw new IllegalArgumentException("missing argument secret=... (or SHOPSTREAM_WEBHOOK_SECRET)");
        }
        WebhookPlan plan = plan(arguments, secret);
        System.out.printf("sending %d webhooks to %s (%s)%n", plan.webhooks().size(), url, plan.orders() == 0
                ? "signed samples"
                : "%d orders, %d updates of which %d out of order, %d duplicates".formatted(plan.orders(),
                        plan.updates(), plan.outOfOrder(), plan.duplicates()));
        SendSummary summary = new WebhookSender(Duration.ofMillis(arguments.longValue("timeout-ms", 10_000)))
                .send(url, plan.webhooks(), arguments.integer("concurrency", 8));
        System.out.print(summary.format());
        System.exit(summary.allSucceeded() ? 0 : 1);
    }

    static WebhookPlan plan(BenchArgs arguments, String secret) {
        String samples = arguments.get("samples", null);
        if (samples != null) {
            return WebhookPlan.samples("bundled".equals(samples) ? null : Path.of(samples), secret);
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        return WebhookPlan.burst(new WebhookPlan.Burst(arguments.integer("orders", 100), arguments.integer("shops", 10),
                arguments.decimal("duplicates", 0), arguments.decimal("out-of-order", 0),
                arguments.get("shop-prefix", "send-" + runId), runId, arguments.longValue("seed", 1)), secret);
    }
}
