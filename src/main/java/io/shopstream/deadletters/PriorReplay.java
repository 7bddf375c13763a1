package io.shopstream.deadletters;

import java.time.Instant;

/** An earlier replay of a dead letter, from the audit table. */
public record PriorReplay(String operator, Instant replayedAt) {
}
