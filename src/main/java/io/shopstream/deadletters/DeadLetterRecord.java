package io.shopstream.deadletters;

import org.apache.kafka.common.header.Headers;

/** A dead letter as read from Kafka: what operators see, plus the raw key, value and headers a replay sends back. */
public record DeadLetterRecord(DeadLetter letter, String key, byte[] value, Headers headers) {
}
