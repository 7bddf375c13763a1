package io.shopstream.orders;

import static io.shopstream.support.json.ShopifyJson.*;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * refunds/create: the refund's amount is what was actually paid back, the sum of its successful refund
 * transactions.
 */
public record RefundPayload(long id, long orderId, OffsetDateTime createdAt, BigDecimal amount) {

    public static RefundPayload from(JsonNode refund) {
        BigDecimal amount = BigDecimal.ZERO;
        JsonNode transactions = refund.get("transactions");
        if (transactions != null && transactions.isArray()) {
            for (JsonNode transaction : transactions) {
                boolean refundKind = "refund".equals(text(transaction, "kind"));
                boolean succeeded = "success".equals(text(transaction, "status"));
                BigDecimal value = money(transaction, "amount");
                if (refundKind && succeeded && value != null) {
                    amount = amount.add(value);
                }
            }
        }
        return new RefundPayload(requiredId(refund, "id"), requiredId(refund, "order_id"), time(refund, "created_at"),
                amount);
    }
}
