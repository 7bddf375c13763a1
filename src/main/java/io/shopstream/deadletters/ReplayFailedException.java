package io.shopstream.deadletters;

/** Kafka did not acknowledge a replayed record; the ones before it were replayed and audited. */
public class ReplayFailedException extends RuntimeException {

    public ReplayFailedException(int replayed, int selected, DeadLetterId failedAt, Throwable cause) {
        super("replayed " + replayed + " of " + selected + " dead letters; " + failedAt + " was not acknowledged ("
                + cause.getClass().getSimpleName() + "); the rest were not sent", cause);
    }
}
