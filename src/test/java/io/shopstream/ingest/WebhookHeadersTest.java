package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.shopstream.testing.SignedSample;

class WebhookHeadersTest {

    private static UnaryOperator<String> lookup(Map<String, String> headers) {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        return caseInsensitive::get;
    }

    private static Map<String, String> sampleHeaders() {
        return new TreeMap<>(SignedSample.load("orders-create.json").headers());
    }

    @Test
    void parsesTheSampleHeaders() {
        WebhookHeaders headers = WebhookHeaders.parse(lookup(sampleHeaders()));

        assertThat(headers.topic()).isEqualTo("orders/create");
        assertThat(headers.shopDomain()).isEqualTo("example-shop.myshopify.com");
        assertThat(headers.webhookId()).isEqualTo("9a38d246-c5e4-48e6-9714-e7ffbb48e6e1");
        assertThat(headers.apiVersion()).isEqualTo("2026-07");
        assertThat(headers.eventId()).hasValue("5c8b6264-08ac-47ad-bc49-fe4285d7f80c");
        assertThat(headers.triggeredAt()).hasValue("2026-08-14T15:21:09.412583Z");
        assertThat(headers.triggeredInstant()).hasValue(Instant.parse("2026-08-14T15:21:09.412583Z"));
        assertThat(headers.name()).isEmpty();
        assertThat(headers.subTopic()).isEmpty();
    }

    @Test
    void namesAreCaseInsensitiveAsOverHttp2() {
        Map<String, String> lowerCased = new TreeMap<>();
        sampleHeaders().forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));

        assertThat(WebhookHeaders.parse(lookup(lowerCased)).topic()).isEqualTo("orders/create");
    }

    @Test
    void carriesOptionalNameAndSubTopic() {
        Map<String, String> headers = sampleHeaders();
        headers.put("X-Shopify-Name", "orders-to-warehouse_1");
        headers.put("X-Shopify-Sub-Topic", "type:returns");

        WebhookHeaders parsed = WebhookHeaders.parse(lookup(headers));

        assertThat(parsed.name()).hasValue("orders-to-warehouse_1");
        assertThat(parsed.subTopic()).hasValue("type:returns");
    }

    @Test
    void lowerCasesTheShopDomain() {
        Map<String, String> headers = sampleHeaders();
        headers.put("X-Shopify-Shop-Domain", "Example-Shop.MyShopify.com");

        assertThat(WebhookHeaders.parse(lookup(headers)).shopDomain()).isEqualTo("example-shop.myshopify.com");
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id",
            "X-Shopify-API-Version" })
    void eachMissingRequiredHeaderIsNamed(String missing) {
        Map<String, String> headers = sampleHeaders();
        headers.remove(missing);

        assertThatThrownBy(() -> WebhookHeaders.parse(lookup(headers)))
                .isInstanceOfSatisfying(InvalidHeaderException.class, e -> {
                    assertThat(e.header()).isEqualTo(missing);
                    assertThat(e.getMessage()).contains("is required");
                });
    }

    @Test
    void aBlankRequiredHeaderCountsAsMissing() {
        Map<String, String> headers = sampleHeaders();
        headers.put("X-Shopify-Webhook-Id", "  ");

        assertThatThrownBy(() -> WebhookHeaders.parse(lookup(headers)))
                .isInstanceOfSatisfying(InvalidHeaderException.class,
                        e -> assertThat(e.header()).isEqualTo("X-Shopify-Webhook-Id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X-Shopify-Shop-Domain|example-shop.com",
            "X-Shopify-Shop-Domain|evil.myshopify.com.attacker.io",
            "X-Shopify-Shop-Domain|-shop.myshopify.com",
            "X-Shopify-Shop-Domain|shop.myshopify.com/../x",
            "X-Shopify-API-Version|2026-7",
            "X-Shopify-API-Version|2026-13",
            "X-Shopify-API-Version|latest",
            "X-Shopify-Topic|orders",
            "X-Shopify-Topic|ORDERS/CREATE",
            "X-Shopify-Topic|orders/create; drop",
            "X-Shopify-Webhook-Id|id with spaces",
            "X-Shopify-Event-Id|<script>",
            "X-Shopify-Triggered-At|yesterday",
            "X-Shopify-Triggered-At|2026-08-14 15:21:09",
            "X-Shopify-Name|name with space",
    })
    void malformedValuesAreNamed(String header, String value) {
        Map<String, String> headers = sampleHeaders();
        headers.put(header, value);

        assertThatThrownBy(() -> WebhookHeaders.parse(lookup(headers)))
                .isInstanceOfSatisfying(InvalidHeaderException.class, e -> assertThat(e.header()).isEqualTo(header));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-01", "2025-10", "unstable" })
    void acceptsDatedAndUnstableApiVersions(String version) {
        Map<String, String> headers = sampleHeaders();
        headers.put("X-Shopify-API-Version", version);

        assertThat(WebhookHeaders.parse(lookup(headers)).apiVersion()).isEqualTo(version);
    }

    @Test
    void acceptsTriggeredAtWithAnOffset() {
        Map<String, String> headers = sampleHeaders();
        headers.put("X-Shopify-Triggered-At", "2026-08-14T10:21:09-05:00");

        assertThat(WebhookHeaders.parse(lookup(headers)).triggeredInstant())
                .hasValue(Instant.parse("2026-08-14T15:21:09Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "customer.tags_added", "customer.tags_removed", "customer.joined_segment",
            "customer.left_segment", "orders/partially_fulfilled", "app_subscriptions/approaching_capped_amount" })
    void acceptsEveryDocumentedTopicFormDottedOnesIncluded(String topic) {
        Map<String, String> headers = sampleHeaders();
        headers.put("X-Shopify-Topic", topic);

        assertThat(WebhookHeaders.parse(lookup(headers)).topic()).isEqualTo(topic);
    }

    @ParameterizedTest
    @ValueSource(strings = { "orders/", "/orders", "orders//create", "orders.", "customer..tags", "Orders/Create",
            "orders create" })
    void refusesTopicsWithEmptyOrForeignSegments(String topic) {
        assertThat(WebhookHeaders.isWebhookTopic(topic)).isFalse();
    }

    @Test
    void checksTheLengthBeforeTheCharactersSoAHugeHeaderCostsNothing() {
        Map<String, String> headers = sampleHeaders();
        headers.put("X-Shopify-Topic", "a/".repeat(9_000) + "a");

        assertThatThrownBy(() -> WebhookHeaders.parse(lookup(headers)))
                .isInstanceOfSatisfying(InvalidHeaderException.class, e -> {
                    assertThat(e.header()).isEqualTo("X-Shopify-Topic");
                    assertThat(e.getMessage()).contains("longer than");
                });
    }

    @Test
    void readsEventsDeliveriesFromTheirUnprefixedHeaders() {
        Map<String, String> headers = new TreeMap<>();
        headers.put("Shopify-Topic", "Product");
        headers.put("Shopify-Shop-Domain", "example-shop.myshopify.com");
        headers.put("Shopify-API-Version", "unstable");
        headers.put("Shopify-Webhook-Id", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
        headers.put("Shopify-Event-Id", "f0e9d8c7-b6a5-4938-8271-605f4e3d2c1b");
        headers.put("Shopify-Triggered-At", "2026-11-20T10:00:00.123456Z");
        headers.put("Shopify-Handle", "catalog_prices");
        headers.put("Shopify-Action", "update");
        headers.put("Shopify-Resource-Id", "gid://shopify/Product/8123456789012");

        WebhookHeaders parsed = WebhookHeaders.parse(WebhookHeaders.Kind.EVENT, lookup(headers));

        assertThat(parsed.kind()).isEqualTo(WebhookHeaders.Kind.EVENT);
        assertThat(parsed.topic()).isEqualTo("Product");
        assertThat(parsed.handle()).hasValue("catalog_prices");
        assertThat(parsed.action()).hasValue("update");
        assertThat(parsed.resourceId()).hasValue("gid://shopify/Product/8123456789012");
    }

    @Test
    void anEventsDeliveryNeedsItsEventId() {
        Map<String, String> headers = new TreeMap<>();
        headers.put("Shopify-Topic", "Product");
        headers.put("Shopify-Shop-Domain", "example-shop.myshopify.com");
        headers.put("Shopify-API-Version", "unstable");
        headers.put("Shopify-Webhook-Id", "0b1c2d3e");

        assertThatThrownBy(() -> WebhookHeaders.parse(WebhookHeaders.Kind.EVENT, lookup(headers)))
                .isInstanceOfSatisfying(InvalidHeaderException.class,
                        e -> assertThat(e.header()).isEqualTo("Shopify-Event-Id"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-Shopify-Shop-Domain", "X-Shopify-Topic", "x-shopify-hmac-sha256",
            "X-Shopify-Webhook-Id", "Shopify-Shop-Domain" })
    void aRepeatedIdentityHeaderIsAmbiguous(String repeated) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sampleHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        headers.put(repeated, List.of("a.myshopify.com", "b.myshopify.com"));

        assertThatThrownBy(() -> WebhookHeaders.kindOf(name -> headers.getOrDefault(name, List.of())))
                .isInstanceOfSatisfying(AmbiguousHeaderException.class,
                        e -> assertThat(e.header()).isEqualToIgnoringCase(repeated));
    }

    @Test
    void bothSignatureFamiliesAtOnceAreAmbiguous() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sampleHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        headers.put("Shopify-Hmac-Sha256", List.of("x"));

        assertThatThrownBy(() -> WebhookHeaders.kindOf(name -> headers.getOrDefault(name, List.of())))
                .isInstanceOf(AmbiguousHeaderException.class);
    }
}
