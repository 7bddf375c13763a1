package io.shopstream.support.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopstream.support.sql.JsonRows;
import io.smallrye.mutiny.Uni;

/** Writes events to the outbox table inside the caller's transaction; {@link OutboxRelay} publishes them. */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload)
            SELECT topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload
            FROM json_to_recordset(CAST(CAST(:rows AS text) AS json)) AS v(topic text, key text, ce_id text,
                ce_type text, ce_source text, ce_time timestamptz, correlation_id text, payload text)""";

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /** Adds many events in one statement; ids (the relay's publishing order) follow the list's order. */
    public Uni<Void> add(Mutiny.Session session, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String rows = JsonRows.of(events, (row, e) -> row.put("topic", e.topic()).put("key", e.key())
                .put("ce_id", e.ceId()).put("ce_type", e.ceType()).put("ce_source", e.ceSource())
                .put("ce_time", e.ceTime()).put("correlation_id", e.correlationId()).put("payload", e.payload()));
        return session.createNativeQuery(INSERT).setParameter("rows", rows).executeUpdate().replaceWithVoid();
    }

    public Uni<Void> add(Mutiny.Session session, OutboxEvent event) {
        return add(session, List.of(event));
    }

    public String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event could not be serialised", e);
        }
    }
}
