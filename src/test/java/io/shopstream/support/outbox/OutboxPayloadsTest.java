package io.shopstream.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutboxPayloadsTest {

    private static OutboxEvent event(String payload) {
        return new OutboxEvent("shopstream.orders.enriched.v1", "shop.myshopify.com", "id/order-enriched",
                "type", "https://shop.myshopify.com", OffsetDateTime.parse("2026-08-14T15:21:10Z"), null, payload);
    }

    @Test
    void payloadsAreJoinedInTheirOrderBySeparators() {
        assertThat(Outbox.payloads(List.of(event("{\"a\":1}"), event("[]"), event("\"x\\u0001\""))))
                .isEqualTo("{\"a\":1}\u0001[]\u0001\"x\\u0001\"");
        assertThat(Outbox.payloads(List.of(event("{}")))).isEqualTo("{}");
    }

    @Test
    void aPayloadThatWouldNotSplitBackIsRefused() {
        assertThatThrownBy(() -> Outbox.payloads(List.of(event("{}"), event(""))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Outbox.payloads(List.of(event("{\"a\":\"\u0001\"}"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
