package io.shopstream.support.outbox;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.shopstream.processing.Delivery;

/** The {@code source} of every Shopstream event: the webhook delivery whose applied change it describes. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventSource(String topic, String webhookId, String triggeredAt, String correlationId) {

    public static EventSource of(Delivery delivery) {
        return new EventSource(delivery.topic(), delivery.webhookId(),
                delivery.triggeredAt() == null ? null : delivery.triggeredAt().toInstant().toString(),
                delivery.correlationId());
    }
}
