package io.shopstream.deadletters;

import java.util.List;

/** The answer to a list request. {@code truncated}: the scan stopped before the end, more may match. */
public record DeadLetterList(List<DeadLetter> deadLetters, int scanned, boolean truncated) {

    static DeadLetterList of(DeadLetterScan scan) {
        return new DeadLetterList(scan.records().stream().map(DeadLetterRecord::letter).toList(), scan.scanned(),
                scan.truncated());
    }
}
