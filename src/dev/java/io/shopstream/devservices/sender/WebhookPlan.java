package io.shopstream.devservices.sender;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the webhook sender sends, in order, each signed with the given secret over the exact body bytes: the signed
 * samples (bundled, or a directory with a {@code headers.json} like the bundled one), or a synthetic burst of
 * {@code orders/create} webhooks across shops ({@link SyntheticOrders}) with a share of orders that also get two
 * {@code orders/updated} deliveries, the newer one first (the older one arrives late: out of order), and a share of
 * deliveries redelivered with the same webhook id at the end (duplicates).
 */
record WebhookPlan(List<SignedWebhook> webhooks, int orders, int updates, int outOfOrder, int duplicates) {

    private static final String BUNDLED = "/shopify/webhooks/";
    private static final DateTimeFormatter SHOPIFY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** A synthetic burst; {@code duplicates} and {@code outOfOrder} are shares between 0 and 1. */
    record Burst(int orders, int shops, double duplicates, double outOfOrder, String shopPrefix, String runId,
            long seed) {

        Burst {
            if (orders < 1 || shops < 1 || duplicates < 0 || duplicates > 1 || outOfOrder < 0 || outOfOrder > 1) {
                throw new IllegalArgumentException("orders >= 1, shops >= 1, duplicates and out-of-order in [0, 1]");
            }
        }
    }

    static WebhookPlan burst(Burst burst, String secret) {
        SyntheticOrders synthetic = new SyntheticOrders(burst.shopPrefix(), burst.shops(), 0, burst.runId());
        SyntheticOrders.Signer signer = new SyntheticOrders.Signer(secret);
        Random random = new Random(burst.seed());
        boolean[] late = pick(burst.orders(), (int) Math.round(burst.orders() * burst.outOfOrder()), random);

        List<SignedWebhook> webhooks = new ArrayList<>();
        int updates = 0;
        for (int i = 0; i < burst.orders(); i++) {
            SyntheticOrders.Order order = synthetic.order(i);
            byte[] created = synthetic.body(order);
            webhooks.add(signed("order " + i + " create", signer, SyntheticOrders.SHOPIFY_TOPIC, order.shop(),
                    order.webhookId(), order.eventId(), order.updatedAt(), created));
            if (late[i]) {
                // the newer version first, then an older one: Shopify does not guarantee order
                webhooks.add(update(signer, order, created, 120, "a"));
                webhooks.add(update(signer, order, created, 60, "b"));
                updates += 2;
            }
        }
        int duplicates = (int) Math.round(webhooks.size() * burst.duplicates());
        List<SignedWebhook> originals = new ArrayList<>(webhooks);
        Collections.shuffle(originals, random);
        for (SignedWebhook original : originals.subList(0, duplicates)) {
            webhooks.add(new SignedWebhook(original.label() + " redelivered", original.headers(), original.body()));
        }
        return new WebhookPlan(List.copyOf(webhooks), burst.orders(), updates, updates / 2, duplicates);
    }

    /** The samples with their recorded headers, re-signed with {@code secret}; {@code dir} null: the bundled ones. */
    static WebhookPlan samples(Path dir, String secret) {
        SyntheticOrders.Signer signer = new SyntheticOrders.Signer(secret);
        List<SignedWebhook> webhooks = new ArrayList<>();
        try {
            JsonNode files = JSON.readTree(read(dir, "headers.json")).get("files");
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> file = it.next();
                byte[] body = read(dir, file.getKey());
                Map<String, String> headers = new LinkedHashMap<>();
                file.getValue().fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                headers.put(SignedWebhook.HMAC, signer.sign(body));
                webhooks.add(new SignedWebhook(file.getKey(), Map.copyOf(headers), body));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WebhookPlan(List.copyOf(webhooks), 0, 0, 0, 0);
    }

    private static SignedWebhook update(SyntheticOrders.Signer signer, SyntheticOrders.Order order, byte[] created,
            int seconds, String kind) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(created);
            OffsetDateTime updatedAt = order.updatedAt().plusSeconds(seconds);
            json.put("updated_at", SHOPIFY_TIME.format(updatedAt));
            byte[] body = JSON.writeValueAsBytes(json);
            String suffix = "-%s000-%012x".formatted(kind, order.index());
            String webhookId = order.webhookId().substring(0, order.webhookId().length() - 18) + suffix;
            String eventId = order.eventId().substring(0, order.eventId().length() - 18) + suffix;
            return signed("order " + order.index() + " update +" + seconds + "s", signer, "orders/updated",
                    order.shop(), webhookId, eventId, updatedAt, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SignedWebhook signed(String label, SyntheticOrders.Signer signer, String topic, String shop,
            String webhookId, String eventId, OffsetDateTime updatedAt, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(SignedWebhook.TOPIC, topic);
        headers.put(SignedWebhook.HMAC, signer.sign(body));
        headers.put(SignedWebhook.SHOP, shop);
        headers.put(SignedWebhook.API_VERSION, SyntheticOrders.API_VERSION);
        headers.put(SignedWebhook.WEBHOOK_ID, webhookId);
        headers.put(SignedWebhook.EVENT_ID, eventId);
        headers.put(SignedWebhook.TRIGGERED_AT,
                updatedAt.toInstant().plusMillis(400).atOffset(ZoneOffset.UTC).toInstant().toString());
        return new SignedWebhook(label, Map.copyOf(headers), body);
    }

    /** {@code count} of {@code size} positions, chosen at random. */
    private static boolean[] pick(int size, int count, Random random) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            positions.add(i);
        }
        Collections.shuffle(positions, random);
        boolean[] picked = new boolean[size];
        positions.subList(0, count).forEach(i -> picked[i] = true);
        return picked;
    }

    private static byte[] read(Path dir, String file) throws IOException {
        if (dir != null) {
            return Files.readAllBytes(dir.resolve(file));
        }
        try (InputStream in = WebhookPlan.class.getResourceAsStream(BUNDLED + file)) {
            if (in == null) {
                throw new IOException(BUNDLED + file + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }
}
