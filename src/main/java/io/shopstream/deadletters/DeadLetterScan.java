package io.shopstream.deadletters;

import java.util.List;

/**
 * The dead letters a scan found, in (topic, partition, offset) order, how many records it read, and whether it
 * stopped before the end (limit, {@code max-scan} or time budget reached), so that more may match.
 */
public record DeadLetterScan(List<DeadLetterRecord> records, int scanned, boolean truncated) {
}
