package io.shopstream.writeback;

/**
 * A write-back that cannot be done as asked, found out before or without a Shopify error (e.g. the SKU is not
 * stocked at the target location): dead-lettered with its code, not retried.
 */
public class WriteBackRejectedException extends RuntimeException {

    private final String code;

    public WriteBackRejectedException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
