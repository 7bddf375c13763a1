package io.shopstream.writeback;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One change Shopstream asks a shop's Admin API to make. Carried as JSON on {@link WriteBacks#TOPIC}, keyed by
 * {@code shop}: the shop whose rate-limit budget it spends, so one instance (the owner of the shop's partition)
 * paces all of the shop's calls.
 *
 * @param id stable, derived from the delivery that caused it: a redelivered source record gives the same id
 * @param kind which {@link WriteBackAction} performs it
 * @param shop the shop written to
 * @param entity the Admin API object it changes (a gid): write-backs of one entity run one after another, in order
 * @param correlationId of the webhook that caused it, sent with every Admin API call
 * @param createdAt when it was recorded
 * @param data the kind's own arguments
 */
public record WriteBack(String id, String kind, String shop, String entity, String correlationId, Instant createdAt,
        JsonObject data) {

    public WriteBack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(createdAt, "createdAt");
        data = data == null ? new JsonObject() : data;
    }

    public String toJson() {
        return new JsonObject().put("id", id).put("kind", kind).put("shop", shop).put("entity", entity)
                .put("correlation_id", correlationId).put("created_at", createdAt.toString()).put("data", data)
                .encode();
    }

    /** Reads a write-back; a record that is not one fails with {@link IllegalArgumentException}. */
    public static WriteBack fromJson(byte[] value) {
        try {
            JsonObject json = new JsonObject(new String(value, StandardCharsets.UTF_8));
            return new WriteBack(json.getString("id"), json.getString("kind"), json.getString("shop"),
                    json.getString("entity"), json.getString("correlation_id"),
                    Instant.parse(json.getString("created_at")), json.getJsonObject("data"));
        } catch (DecodeException | NullPointerException | ClassCastException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a write-back: " + e.getMessage(), e);
        }
    }

    /**
     * A key for Shopify's {@code @idempotent} directive, the same for every attempt and redelivery of this write-back
     * with the same {@code input} (a name-based UUID): Shopify runs it once and answers the original result again.
     */
    public String idempotencyKey(String input) {
        return UUID.nameUUIDFromBytes((shop + '\n' + id + '\n' + input).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
