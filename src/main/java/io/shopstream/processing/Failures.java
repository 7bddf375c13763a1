package io.shopstream.processing;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.vertx.pgclient.PgException;

/**
 * Sorts processing failures into the two kinds that are handled differently: transient ones (the database is
 * down or busy, a deadlock, a timeout) are retried without committing the offset, so nothing is lost and no good
 * record is dead-lettered during an outage; everything else is a poison record for the dead-letter topic.
 */
public final class Failures {

    /** SQLSTATE classes that say "try again": connection, transaction rollback, resources, operator, system. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonRecordException) {
                return false;
            }
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2));
            }
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof io.vertx.core.VertxException
                    || t.getClass().getName().startsWith("io.netty.channel")
                    || t.getClass().getName().contains("Connection")) {
                return true;
            }
        }
        return false;
    }
}
