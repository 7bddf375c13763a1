package io.shopstream.support.outbox;

import java.util.List;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopstream.support.sql.SqlChunks;
import io.smallrye.mutiny.Uni;

/** Writes events to the outbox table inside the caller's transaction; {@link OutboxRelay} publishes them. */
@ApplicationScoped
public class Outbox {

    /** Events per statement. */
    static final int CHUNK = 1_000;

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /** Adds many events, one statement per chunk. */
    public Uni<Void> add(Mutiny.Session session, List<OutboxEvent> events) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (List<OutboxEvent> chunk : SqlChunks.of(events, CHUNK)) {
            done = done.chain(() -> addChunk(session, chunk));
        }
        return done;
    }

    private Uni<Void> addChunk(Mutiny.Session session, List<OutboxEvent> chunk) {
        StringJoiner rows = new StringJoiner(", ", """
                INSERT INTO outbox (topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload)
                VALUES """, "");
        for (int i = 0; i < chunk.size(); i++) {
            rows.add(("(:tp%1$d, :k%1$d, :id%1$d, :ty%1$d, :so%1$d, CAST(:tm%1$d AS timestamptz),"
                    + " CAST(:co%1$d AS text), :p%1$d)").formatted(i));
        }
        Mutiny.Query<Object> insert = session.createNativeQuery(rows.toString());
        for (int i = 0; i < chunk.size(); i++) {
            OutboxEvent e = chunk.get(i);
            insert.setParameter("tp" + i, e.topic()).setParameter("k" + i, e.key()).setParameter("id" + i, e.ceId())
                    .setParameter("ty" + i, e.ceType()).setParameter("so" + i, e.ceSource())
                    .setParameter("tm" + i, e.ceTime()).setParameter("co" + i, e.correlationId())
                    .setParameter("p" + i, e.payload());
        }
        return insert.executeUpdate().replaceWithVoid();
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
