package io.shopstream.ingest;

/** Kafka did not acknowledge a webhook in time, or refused it: Shopify must retry. */
public final class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
