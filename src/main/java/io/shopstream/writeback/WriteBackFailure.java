package io.shopstream.writeback;

import java.util.List;
import java.util.Locale;

import io.shopstream.shopify.ShopCredentialsInvalidException;
import io.shopstream.shopify.ShopQueueFullException;
import io.shopstream.shopify.ShopUninstalledException;
import io.shopstream.shopify.ShopifyGraphQlException;
import io.shopstream.shopify.ShopifyRestException;
import io.shopstream.shopify.ShopifyUnavailableException;
import io.shopstream.shopify.ShopifyUserErrorsException;
import io.shopstream.processing.Failures;

/**
 * What a failed write-back comes to. The client has already retried what Shopify lets be retried (throttling,
 * 5xx, timeouts) up to its attempts and deadline, so a Shopify failure that reaches here is final for this write-back:
 * it is dead-lettered with its codes (an operator can replay it once the cause is fixed). Local, passing failures
 * (the database, the client's per-shop queue being full) are retried here without end: they never lose the
 * write-back.
 */
record WriteBackFailure(Decision decision, String reason, String codes) {

    enum Decision {
        /** The app was uninstalled from the shop: the write-back is dropped and recorded as cancelled. */
        CANCEL,
        /** Try the whole write-back again after a backoff. */
        RETRY,
        /** Send it to {@code shopstream.writebacks.v1.dlq} with the reason and codes. */
        DEAD_LETTER
    }

    static WriteBackFailure of(Throwable failure) {
        String reason = String.valueOf(failure.getMessage());
        if (failure instanceof ShopUninstalledException) {
            return new WriteBackFailure(Decision.CANCEL, reason, "UNINSTALLED");
        }
        if (failure instanceof WriteBackRejectedException rejected) {
            return deadLetter(reason, List.of(rejected.code()));
        }
        if (failure instanceof ShopQueueFullException) {
            return new WriteBackFailure(Decision.RETRY, reason, "QUEUE_FULL");
        }
        if (failure instanceof ShopifyUserErrorsException rejected) {
            // some mutations' userErrors (tagsAdd) carry no code: name the mutation that refused
            return deadLetter(reason, rejected.codes().isEmpty() ? List.of("USER_ERRORS:" + rejected.mutation())
                    : rejected.codes());
        }
        if (failure instanceof ShopifyGraphQlException errors) {
            return deadLetter(reason, errors.codes());
        }
        if (failure instanceof ShopifyUnavailableException unavailable) {
            return deadLetter(reason, List.of(unavailable.lastOutcome().tag().toUpperCase(Locale.ROOT)));
        }
        if (failure instanceof ShopCredentialsInvalidException) {
            return deadLetter(reason, List.of("CREDENTIALS_INVALID"));
        }
        if (failure instanceof ShopifyRestException rest) {
            return deadLetter(reason, List.of("HTTP_" + rest.status()));
        }
        if (Failures.isTransient(failure)) {
            return new WriteBackFailure(Decision.RETRY, reason, null);
        }
        return deadLetter(failure.getClass().getSimpleName() + ": " + reason, List.of());
    }

    private static WriteBackFailure deadLetter(String reason, List<String> codes) {
        return new WriteBackFailure(Decision.DEAD_LETTER, reason,
                codes.isEmpty() ? null : String.join(",", codes));
    }
}
