package io.shopstream.writeback;

import io.smallrye.mutiny.Uni;

/**
 * Performs one kind of write-back against the Admin API. Must be safe to perform again after a crash that left its
 * end unrecorded: compare with the shop's current state, or use an {@code @idempotent} key from
 * {@link WriteBack#idempotencyKey}. Failures are the client's typed exceptions ({@code io.shopstream.shopify}); the
 * engine decides what is retried, cancelled or dead-lettered.
 */
public interface WriteBackAction {

    /** The {@link WriteBack#kind()} this action performs. */
    String kind();

    Uni<WriteBackResult> perform(WriteBack writeBack);
}
