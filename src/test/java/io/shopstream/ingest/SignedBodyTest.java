package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.shopstream.support.kafka.DestructiveTopics;
import io.shopstream.testing.SignedSample;

class SignedBodyTest {

    private static final String SHOP = "example-shop.myshopify.com";

    private static byte[] sample(String file) {
        return SignedSample.load(file).body();
    }

    @ParameterizedTest
    @ValueSource(strings = { "shop-redact.json", "customers-redact.json", "customers-data_request.json",
            "app-uninstalled.json", "products-delete.json", "orders-create.json", "inventory_levels-update.json" })
    void everySampleAgreesWithItsOwnHeaders(String file) {
        SignedSample sample = SignedSample.load(file);

        assertThat(SignedBody.forgery(sample.topic(), SHOP, sample.body())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "shop/redact, shop-redact.json", "customers/redact, customers-redact.json",
            "customers/data_request, customers-data_request.json", "app/uninstalled, app-uninstalled.json" })
    void aBodyThatNamesItsShopCannotBeSentForAnother(String topic, String file) {
        assertThat(SignedBody.forgery(topic, "victim.myshopify.com", sample(file)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("another shop"));
    }

    @ParameterizedTest
    @CsvSource({ "shop/redact, orders-create.json", "shop/redact, customers-redact.json",
            "customers/redact, orders-create.json", "orders/delete, orders-create.json",
            "orders/delete, refunds-create.json", "products/delete, products-update.json",
            "inventory_items/delete, inventory_items-update.json",
            "inventory_levels/disconnect, inventory_levels-update.json", "app/uninstalled, orders-create.json",
            "app/uninstalled, shop-redact.json" })
    void anotherTopicsSignedBodyIsNeverADestructiveOne(String topic, String file) {
        assertThat(SignedBody.forgery(topic, SHOP, sample(file))).isPresent();
    }

    @Test
    void aDeleteCarriesAnIdAndNothingElse() {
        assertThat(SignedBody.forgery("orders/delete", SHOP, bytes("{\"id\":6123456789012}"))).isEmpty();
        assertThat(SignedBody.forgery("orders/delete", SHOP, bytes("{}"))).isPresent();
        assertThat(SignedBody.forgery("orders/delete", SHOP, bytes("{\"id\":\"6123\"}"))).isPresent();
        assertThat(SignedBody.forgery("orders/delete", SHOP, bytes("{\"id\":1,\"email\":\"x@example.com\"}")))
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "[]", "null", "not json", "{\"shop_id\":1,\"shop_domain\":" })
    void aDestructiveTopicsBodyThatIsNotAnObjectIsRefused(String text) {
        assertThat(SignedBody.forgery("shop/redact", SHOP, bytes(text))).isPresent();
    }

    @Test
    void otherTopicsAreNotParsedHere() {
        assertThat(SignedBody.forgery("orders/create", SHOP, bytes("not json"))).isEmpty();
        assertThat(SignedBody.forgery("customer.tags_added", SHOP, bytes("{}"))).isEmpty();
    }

    @Test
    void everyDestructiveTopicHasAShapeRuleHere() {
        for (String topic : DestructiveTopics.ALL) {
            assertThat(SignedBody.DESTRUCTIVE_FIELDS.containsKey(topic) || SignedBody.SHOP_FIELD.containsKey(topic))
                    .as(topic).isTrue();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
