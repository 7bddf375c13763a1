package io.shopstream.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shopstream.shopify.Tags;
import io.shopstream.processing.PoisonRecordException;
import io.shopstream.support.json.ShopifyJson;
import io.shopstream.testing.SignedSample;

class OrderPayloadTest {

    private static OrderPayload order(String file) {
        return OrderPayload.parse(SignedSample.load(file).body());
    }

    @ParameterizedTest
    @ValueSource(strings = { "orders-create.json", "orders-updated.json", "orders-paid.json", "orders-cancelled.json" })
    void readingOnlyTheKeptFieldsGivesTheSameOrderAsReadingAll(String file) {
        byte[] body = SignedSample.load(file).body();

        assertThat(OrderPayload.parse(body)).isEqualTo(OrderPayload.from(ShopifyJson.parseObject(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"id\":1,", "{\"id\":1,\"skipped\":{\"a\":[1,}}", "{\"id\":1} trailing", "[1]", "" })
    void aBodyThatIsNotOneJsonObjectIsPoisonEvenInFieldsThatAreSkipped(String body) {
        assertThatThrownBy(() -> ShopifyJson.parseObject(body.getBytes(StandardCharsets.UTF_8), OrderPayload.FIELDS))
                .isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void mapsTheSampleOrder() {
        OrderPayload order = order("orders-create.json");

        assertThat(order.id()).isEqualTo(6123456789012L);
        assertThat(order.name()).isEqualTo("#1001");
        assertThat(order.orderNumber()).isEqualTo(1001L);
        assertThat(order.customerId()).isEqualTo(7612345678901L);
        assertThat(order.totalPrice()).isEqualTo(new BigDecimal("73.00"));
        assertThat(order.subtotalPrice()).isEqualTo(new BigDecimal("64.00"));
        assertThat(order.fulfillmentStatus()).isNull();
        assertThat(order.updatedAt()).isEqualTo(OffsetDateTime.parse("2026-08-14T10:21:09-05:00"));
        assertThat(order.lineItems()).extracting(OrderPayload.LineItem::sku).containsExactly("SOCK-TR-M",
                "BTL-750-BLK");
        assertThat(order.units()).isEqualTo(3);
    }

    @Test
    void comparesVersionsAsInstantsAcrossOffsets() {
        assertThat(order("orders-updated.json").updatedAt()).isAfter(order("orders-create.json").updatedAt());
    }

    @Test
    void aGuestCheckoutHasNoCustomer() {
        OrderPayload order = OrderPayload.parse(
                "{\"id\":1,\"updated_at\":\"2026-08-14T10:21:09-05:00\",\"customer\":null,\"line_items\":[]}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(order.customerId()).isNull();
        assertThat(order.lineItems()).isEmpty();
    }

    @Test
    void anOrderWithoutIdOrVersionIsPoison() {
        assertThatThrownBy(() -> OrderPayload.from(ShopifyJson.parseObject("{\"name\":\"#1\"}".getBytes())))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> OrderPayload.from(ShopifyJson.parseObject("{\"id\":1}".getBytes())))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("updated_at");
        assertThatThrownBy(() -> ShopifyJson.parseObject("[1]".getBytes()))
                .isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void aRefundAmountIsItsSuccessfulRefundTransactions() {
        RefundPayload refund = RefundPayload.from(ShopifyJson.parseObject(SignedSample.load("refunds-create.json")
                .body()));

        assertThat(refund.orderId()).isEqualTo(6123456789012L);
        assertThat(refund.amount()).isEqualByComparingTo("17.00");
    }

    @Test
    void anOrderEditIsAnEnvelopeOfDeltas() {
        OrderEditPayload edit = OrderEditPayload.from(ShopifyJson.parseObject(SignedSample.load("orders-edited.json")
                .body()));

        assertThat(edit.orderId()).isEqualTo(6123456789012L);
        assertThat(edit.lineItemsAdded()).isEqualTo(1);
        assertThat(edit.lineItemsRemoved()).isEqualTo(1);
    }

    @Test
    void derivedFactsHelpers() {
        assertThat(OrderEnrichment.discountRatio(new BigDecimal("90.00"), new BigDecimal("10.00")))
                .isEqualByComparingTo("0.1000");
        assertThat(OrderEnrichment.discountRatio(BigDecimal.ZERO, BigDecimal.ZERO).toPlainString())
                .isEqualTo("0.0000");
        assertThat(OrderEnrichment.money(new BigDecimal("73.0000"))).isEqualTo("73.00");
        assertThat(OrderEnrichment.money(new BigDecimal("0.1250"))).isEqualTo("0.125");
        assertThat(Tags.split("vip, shopstream-synced,  ")).containsExactly("vip", "shopstream-synced");
        assertThat(Tags.split("")).isEmpty();
    }
}
