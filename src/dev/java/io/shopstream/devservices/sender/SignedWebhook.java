package io.shopstream.devservices.sender;

import java.util.Map;

/** One webhook request as Shopify would send it: headers (the HMAC included) and the exact body bytes. */
record SignedWebhook(String label, Map<String, String> headers, byte[] body) {

    static final String TOPIC = "X-Shopify-Topic";
    static final String HMAC = "X-Shopify-Hmac-Sha256";
    static final String SHOP = "X-Shopify-Shop-Domain";
    static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
    static final String EVENT_ID = "X-Shopify-Event-Id";
    static final String TRIGGERED_AT = "X-Shopify-Triggered-At";
    static final String API_VERSION = "X-Shopify-API-Version";

    String shop() {
        return headers.get(SHOP);
    }

    String webhookId() {
        return headers.get(WEBHOOK_ID);
    }

    String topic() {
        return headers.get(TOPIC);
    }
}
