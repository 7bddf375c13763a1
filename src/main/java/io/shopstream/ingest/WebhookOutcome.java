package io.shopstream.ingest;

import io.vertx.ext.web.RoutingContext;

/** What the endpoint learnt about one request, for its access-log line. Filled in as the request is handled. */
final class WebhookOutcome {

    private static final String KEY = "shopstream.webhook-outcome";

    String topic = "-";
    String shop = "-";
    String webhookId = "-";
    String kafkaTopic = "-";
    String rejection;
    int secretIndex = -1;

    static WebhookOutcome of(RoutingContext rc) {
        WebhookOutcome outcome = rc.get(KEY);
        if (outcome == null) {
            outcome = new WebhookOutcome();
            rc.put(KEY, outcome);
        }
        return outcome;
    }

    void quarantined(RawWebhookRecord record, String reason) {
        kafkaTopic = record.topic();
        shop = record.key() != null ? record.key() : "-";
        rejection = "quarantined: " + reason;
    }

    void identify(WebhookHeaders headers, String routedTo) {
        topic = headers.topic();
        shop = headers.shopDomain();
        webhookId = headers.webhookId();
        kafkaTopic = routedTo;
    }
}
