package io.shopstream.deadletters;

import java.util.List;

/**
 * The body of {@code POST /admin/dead-letters/replay}: the list filters, or {@code records} naming dead letters
 * exactly, plus {@code dryRun} (report only) and {@code force} (replay again what was replayed before).
 */
public record ReplayRequest(String dlqTopic, String originTopic, String shop, String reason, String from, String to,
        Integer limit, List<Ref> records, boolean dryRun, boolean force) {

    /** One dead letter by its place in Kafka. */
    public record Ref(String topic, Integer partition, Long offset) {

        DeadLetterId id() {
            if (topic == null || partition == null || offset == null) {
                throw new InvalidRequestException("each of records needs topic, partition and offset");
            }
            return new DeadLetterId(topic, partition, offset);
        }
    }
}
