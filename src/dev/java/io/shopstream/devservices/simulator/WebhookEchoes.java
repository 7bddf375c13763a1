package io.shopstream.devservices.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Shopify's webhooks for the app's own writes, sent to one URL (off when none): an HTTP POST of the payload with the
 * headers Shopify sends, signed with the shop's secret. Never blocks: a failed delivery (not 2xx, or no answer within
 * 5 s) is retried on a timer, with the same body and headers, a few times.
 */
final class WebhookEchoes {

    static final int ATTEMPTS = 4;
    private static final long FIRST_RETRY_MILLIS = 200;
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** One webhook to send: {@code topic} ({@code orders/updated}, ...) and its REST-shaped payload. */
    record Echo(String topic, JsonObject payload) {
    }

    private final Vertx vertx;
    private volatile String url;
    private WebClient client;

    WebhookEchoes(Vertx vertx) {
        this.vertx = vertx;
    }

    void url(String value) {
        this.url = value;
    }

    String url() {
        return url;
    }

    boolean on() {
        return url != null;
    }

    /**
     * Sends the echo of one event to the URL set now (a change of URL does not redirect retries, as at Shopify);
     * {@code outcome} hears true once delivered, false once every attempt failed.
     */
    void send(String shop, String secret, String apiVersion, String eventId, Echo echo, Consumer<Boolean> outcome) {
        String target = url;
        if (target == null) {
            return;
        }
        Buffer body = echo.payload().toBuffer();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add("X-Shopify-Topic", echo.topic())
                .add("X-Shopify-Shop-Domain", shop)
                .add("X-Shopify-API-Version", apiVersion)
                .add("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .add("X-Shopify-Event-Id", eventId)
                .add("X-Shopify-Triggered-At", MICROS.format(Instant.now()))
                .add("X-Shopify-Hmac-Sha256", hmac(secret, body.getBytes()));
        attempt(target, headers, body, 1, outcome);
    }

    private void attempt(String target, MultiMap headers, Buffer body, int attempt, Consumer<Boolean> outcome) {
        client().postAbs(target).putHeaders(headers).timeout(5_000).sendBuffer(body).onComplete(sent -> {
            if (sent.succeeded() && sent.result().statusCode() / 100 == 2) {
                outcome.accept(true);
            } else if (attempt < ATTEMPTS) {
                vertx.setTimer(FIRST_RETRY_MILLIS << (attempt - 1),
                        timer -> attempt(target, headers, body, attempt + 1, outcome));
            } else {
                outcome.accept(false);
            }
        });
    }

    private synchronized WebClient client() {
        if (client == null) {
            client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(1_000));
        }
        return client;
    }

    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** Base64 HMAC-SHA256 of the body's bytes, as in {@code X-Shopify-Hmac-Sha256}. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
