package io.shopstream.processing;

/**
 * A record that can never be processed as it is (not JSON, an unknown shape, a missing id): it goes to the
 * dead-letter topic with this message as its reason, and processing continues with the next record.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
