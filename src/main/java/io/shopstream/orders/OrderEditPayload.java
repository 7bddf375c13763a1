package io.shopstream.orders;

import static io.shopstream.support.json.ShopifyJson.*;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopstream.processing.PoisonRecordException;

/** orders/edited: an {@code order_edit} envelope carrying deltas, not an order. */
public record OrderEditPayload(long id, long orderId, OffsetDateTime committedAt, int lineItemsAdded,
        int lineItemsRemoved) {

    public static OrderEditPayload from(JsonNode payload) {
        JsonNode edit = payload.get("order_edit");
        if (edit == null || !edit.isObject()) {
            throw new PoisonRecordException("orders/edited payload has no 'order_edit' object");
        }
        JsonNode lineItems = edit.path("line_items");
        return new OrderEditPayload(requiredId(edit, "id"), requiredId(edit, "order_id"), time(edit, "committed_at"),
                lineItems.path("additions").size(), lineItems.path("removals").size());
    }
}
