package io.shopstream.deadletters;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a replay: the dead letters replayed (with {@code dryRun}, the ones that would be), the ones skipped
 * because they had been replayed before (unless {@code force}), and how much of the topics the scan read.
 */
public record ReplayResult(boolean dryRun, boolean force, List<DeadLetter> replayed, List<Skipped> skipped,
        int scanned, boolean truncated) {

    public record Skipped(DeadLetter deadLetter, String reason, String replayedBy, Instant replayedAt) {
    }
}
