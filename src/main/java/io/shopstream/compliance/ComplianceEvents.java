package io.shopstream.compliance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.processing.Delivery;
import io.shopstream.support.outbox.Outbox;
import io.shopstream.support.outbox.OutboxEvent;
import io.smallrye.mutiny.Uni;

/** Writes compliance events to the outbox, in the transaction of the request's effects. */
@ApplicationScoped
public class ComplianceEvents {

    private final Outbox outbox;

    public ComplianceEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** {@code ce_id} is {@code <webhook id>/<type>}: stable, so a republished event can be deduplicated. */
    public Uni<Void> publish(Mutiny.Session session, Delivery delivery, ComplianceEvent event) {
        return outbox.add(session, new OutboxEvent(ComplianceEvent.TOPIC, delivery.shopDomain(),
                delivery.webhookId() + "/" + event.type(), ComplianceEvent.ceType(event.type()),
                "https://" + delivery.shopDomain(), OffsetDateTime.now(ZoneOffset.UTC), delivery.correlationId(),
                outbox.toJson(event)));
    }
}
