package io.shopstream.deadletters;

import java.util.List;

/** A replay named dead letters that are not (or no longer: retention) in their topic; nothing was replayed. */
public class DeadLetterNotFoundException extends RuntimeException {

    public DeadLetterNotFoundException(List<DeadLetterId> missing) {
        super("no dead letter matching the request at " + missing);
    }
}
