package io.shopstream.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One of the owners' signed sample webhooks (copied byte for byte from shared/shopify/webhooks) with the headers
 * Shopify sent with it. The HMACs cover the exact file bytes, so the files must never be reformatted.
 */
public record SignedSample(String file, byte[] body, Map<String, String> headers) {

    public static final String SECRET = "shopstream-test-client-secret";
    private static final String DIR = "/shopify/webhooks/";
    private static final Map<String, Map<String, String>> HEADERS = loadHeaders();

    public static SignedSample load(String file) {
        Map<String, String> headers = HEADERS.get(file);
        if (headers == null) {
            throw new IllegalArgumentException("no headers.json entry for " + file);
        }
        return new SignedSample(file, read(DIR + file), headers);
    }

    public static List<String> files() {
        return List.copyOf(HEADERS.keySet());
    }

    public String header(String name) {
        return headers.get(name);
    }

    public String topic() {
        return header("X-Shopify-Topic");
    }

    public SignedSample withHeader(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new SignedSample(file, body, changed);
    }

    /**
     * The sample as Shopify would send it to another shop: the shop header and the body's mentions of the samples'
     * shop (or, in a body that names no shop, a field that does), re-signed. Shopify never sends one body to two shops,
     * and Shopstream refuses a signed body it saw under another shop.
     */
    public SignedSample forShop(String shop) {
        byte[] ownBody = bodyFor(body, shop);
        return withBody(ownBody, Signatures.sign(ownBody, SECRET)).withHeader("X-Shopify-Shop-Domain", shop);
    }

    /** A body of the samples made the given shop's own (see {@link #forShop}); anything but a JSON object as is. */
    public static byte[] bodyFor(byte[] body, String shop) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        int end = text.lastIndexOf('}');
        if (!text.stripLeading().startsWith("{") || end < 0 || !text.substring(end + 1).isBlank()) {
            return body;
        }
        String own = text.replace("example-shop.myshopify.com", shop);
        if (own.equals(text)) {
            // nothing names the shop: a field that does, so the body is still the shop's own
            String separator = text.substring(0, end).strip().endsWith("{") ? "" : ",";
            own = text.substring(0, end) + separator + "\"shopstream_test_shop\":\"" + shop + "\"}"
                    + text.substring(end + 1);
        }
        return own.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public SignedSample withBody(byte[] newBody, String hmac) {
        return new SignedSample(file, newBody, headers).withHeader("X-Shopify-Hmac-Sha256", hmac);
    }

    private static Map<String, Map<String, String>> loadHeaders() {
        try {
            JsonNode files = new ObjectMapper().readTree(read(DIR + "headers.json")).get("files");
            Map<String, Map<String, String>> result = new LinkedHashMap<>();
            files.fields().forEachRemaining(entry -> result.put(entry.getKey(),
                    new ObjectMapper().convertValue(entry.getValue(), new TypeReference<LinkedHashMap<String, String>>() {
                    })));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = SignedSample.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
