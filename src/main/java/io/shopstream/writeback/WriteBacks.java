package io.shopstream.writeback;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.support.outbox.Outbox;
import io.shopstream.support.outbox.OutboxEvent;
import io.smallrye.mutiny.Uni;

/**
 * Records write-backs in the caller's transaction: through the outbox, which publishes them to {@link #TOPIC} once
 * the transaction committed (and after a crash). A change that rolls back asks for nothing.
 */
@ApplicationScoped
public class WriteBacks {

    /** Shopstream's own work queue, keyed by the shop written to. Not a public contract. */
    public static final String TOPIC = "shopstream.writebacks.v1";
    public static final String CE_TYPE_PREFIX = "io.shopstream.writeback.";

    private final Outbox outbox;

    public WriteBacks(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> record(Mutiny.Session session, List<WriteBack> writeBacks) {
        return outbox.add(session, writeBacks.stream().map(WriteBacks::event).toList());
    }

    public static OutboxEvent event(WriteBack writeBack) {
        return new OutboxEvent(TOPIC, writeBack.shop(), writeBack.id(), CE_TYPE_PREFIX + writeBack.kind(),
                "https://" + writeBack.shop(), OffsetDateTime.ofInstant(writeBack.createdAt(), ZoneOffset.UTC),
                writeBack.correlationId(), writeBack.toJson());
    }
}
