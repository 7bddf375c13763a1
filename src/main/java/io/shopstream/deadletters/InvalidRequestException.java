package io.shopstream.deadletters;

/** A list or replay request that cannot be served as asked (answered 400, nothing done). */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
