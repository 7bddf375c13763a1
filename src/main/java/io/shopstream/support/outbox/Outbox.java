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

    /**
     * The payloads travel beside the rows, not inside them: as JSON string values PostgreSQL would have to unescape
     * every quote of every payload, which made this insert the most expensive statement of an order. Joined by
     * {@link #SEPARATOR} instead, which serialised JSON never contains (control characters are escaped in JSON
     * strings and are not JSON whitespace), they are split back in one pass, in the rows' order.
     */
    private static final String INSERT = """
            INSERT INTO outbox (topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload)
            SELECT topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload
            FROM ROWS FROM (
                json_to_recordset(CAST(CAST(:rows AS text) AS json)) AS (topic text, key text, ce_id text,
                    ce_type text, ce_source text, ce_time timestamptz, correlation_id text),
                unnest(string_to_array(CAST(:payloads AS text), chr(1))))
                AS v(topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload)""";

    static final char SEPARATOR = '\u0001';

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
                .put("ce_time", e.ceTime()).put("correlation_id", e.correlationId()));
        return session.createNativeQuery(INSERT).setParameter("rows", rows).setParameter("payloads", payloads(events))
                .executeUpdate().replaceWithVoid();
    }

    /** The payloads joined by {@link #SEPARATOR}. */
    static String payloads(List<OutboxEvent> events) {
        int length = events.size();
        for (OutboxEvent event : events) {
            length += event.payload().length();
        }
        StringBuilder joined = new StringBuilder(length);
        for (OutboxEvent event : events) {
            String payload = event.payload();
            // an empty payload would vanish in the split (string_to_array('') is empty), a separator would add one
            if (payload.isEmpty() || payload.indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("an event payload must be serialised JSON: " + event.ceId());
            }
            if (!joined.isEmpty()) {
                joined.append(SEPARATOR);
            }
            joined.append(payload);
        }
        return joined.toString();
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
