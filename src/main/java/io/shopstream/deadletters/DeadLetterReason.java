package io.shopstream.deadletters;

import java.util.Locale;

import io.shopstream.processing.PoisonRecordException;
import io.vertx.pgclient.PgException;

/** Why a record was dead-lettered, as a bounded metric tag (the full reason travels in the record's headers). */
public enum DeadLetterReason {
    /** The record lacks the Shopify headers or a value: it cannot even be read as a delivery. */
    UNREADABLE,
    /** The payload is not JSON, has an unknown shape, or lacks an id or a version. */
    INVALID_PAYLOAD,
    /** PostgreSQL refused a value (a constraint, a type, a range). */
    DATABASE_REJECTED,
    /** Anything else. */
    OTHER;

    public static DeadLetterReason of(boolean unreadable, Throwable failure) {
        if (unreadable) {
            return UNREADABLE;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonRecordException) {
                return INVALID_PAYLOAD;
            }
            if (t instanceof PgException) {
                return DATABASE_REJECTED;
            }
        }
        return OTHER;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
