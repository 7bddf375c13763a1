package io.shopstream.support.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/** Writes events to the outbox table inside the caller's transaction; {@link OutboxRelay} publishes them. */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload)
            VALUES (:topic, :key, :ceId, :ceType, :ceSource, :ceTime, CAST(:correlationId AS text), :payload)""";

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> add(Mutiny.Session session, OutboxEvent event) {
        return session.createNativeQuery(INSERT)
                .setParameter("topic", event.topic())
                .setParameter("key", event.key())
                .setParameter("ceId", event.ceId())
                .setParameter("ceType", event.ceType())
                .setParameter("ceSource", event.ceSource())
                .setParameter("ceTime", event.ceTime())
                .setParameter("correlationId", event.correlationId())
                .setParameter("payload", event.payload())
                .executeUpdate()
                .replaceWithVoid();
    }

    public String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event could not be serialised", e);
        }
    }
}
