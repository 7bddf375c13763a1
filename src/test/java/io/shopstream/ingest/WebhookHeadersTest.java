package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
            "X-Shopify-API-Version", "X-Shopify-Hmac-Sha256" })
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
}
