package io.shopstream.deadletters;

/** Where a dead letter sits: its dead-letter topic, partition and offset. */
public record DeadLetterId(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
