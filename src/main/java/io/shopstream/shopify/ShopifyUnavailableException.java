package io.shopstream.shopify;

/**
 * Retries ran out (attempts or deadline) on transient failures: server errors, timeouts, connection errors, or
 * throttles that would outlast the deadline. The caller may try again later (with the same idempotency key).
 */
public class ShopifyUnavailableException extends ShopifyApiException {

    private final CallOutcome lastOutcome;
    private final int attempts;

    public ShopifyUnavailableException(String shop, String operation, CallOutcome lastOutcome, int attempts,
            String detail) {
        super(shop, operation, "gave up after " + attempts + " attempt(s), last " + lastOutcome.tag() + ": " + detail);
        this.lastOutcome = lastOutcome;
        this.attempts = attempts;
    }

    public CallOutcome lastOutcome() {
        return lastOutcome;
    }

    public int attempts() {
        return attempts;
    }
}
