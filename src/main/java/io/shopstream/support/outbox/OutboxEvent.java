package io.shopstream.support.outbox;

import java.time.OffsetDateTime;

/**
 * An event for a public topic, written to the outbox in the transaction of the change it describes. Published with
 * CloudEvents binary-mode headers; {@code ceId} is stable, so a consumer can deduplicate a republished event.
 */
public record OutboxEvent(String topic, String key, String ceId, String ceType, String ceSource,
        OffsetDateTime ceTime, String correlationId, String payload) {
}
