package io.shopstream.writeback;

/** How a write-back ended well: {@code APPLIED} (Shopify changed), {@code UNCHANGED} (it already held the state). */
public record WriteBackResult(WriteBackStatus status, int calls, String detail) {

    public static WriteBackResult applied(int calls, String detail) {
        return new WriteBackResult(WriteBackStatus.APPLIED, calls, detail);
    }

    public static WriteBackResult unchanged(int calls, String detail) {
        return new WriteBackResult(WriteBackStatus.UNCHANGED, calls, detail);
    }
}
