package io.shopstream.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.shopstream.support.kafka.WebhookRecordHeaders;

/**
 * What an operator sees of a dead-lettered record: where it is, whose it is, why it failed and where it came from.
 * Never the payload (customers' personal data).
 */
public record DeadLetter(String dlqTopic, int partition, long offset, String shop, String shopifyTopic,
        String webhookId, String correlationId, String reason, String cause, String originTopic,
        Integer originPartition, Long originOffset, Instant deadLetteredAt) {

    public static final String HEADER_PREFIX = "dead-letter-";
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String ORIGIN_TOPIC = "dead-letter-topic";
    public static final String ORIGIN_PARTITION = "dead-letter-partition";
    public static final String ORIGIN_OFFSET = "dead-letter-offset";

    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String shop = header(headers, WebhookRecordHeaders.SHOP_DOMAIN);
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                shop != null ? shop : record.key(),
                header(headers, WebhookRecordHeaders.TOPIC),
                header(headers, WebhookRecordHeaders.WEBHOOK_ID),
                header(headers, WebhookRecordHeaders.CORRELATION_ID),
                header(headers, REASON),
                header(headers, CAUSE),
                originTopic(record.topic(), header(headers, ORIGIN_TOPIC)),
                number(header(headers, ORIGIN_PARTITION), Integer::valueOf),
                number(header(headers, ORIGIN_OFFSET), Long::valueOf),
                Instant.ofEpochMilli(record.timestamp()));
    }

    public DeadLetterId id() {
        return new DeadLetterId(dlqTopic, partition, offset);
    }

    /** The topic the record failed on: its {@code dead-letter-topic} header, else the DLQ topic without its suffix. */
    static String originTopic(String dlqTopic, String header) {
        if (header != null && !header.isBlank() && !header.endsWith(DeadLetters.SUFFIX)) {
            return header;
        }
        return dlqTopic.substring(0, dlqTopic.length() - DeadLetters.SUFFIX.length());
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> T number(String text, java.util.function.Function<String, T> parse) {
        try {
            return text == null ? null : parse.apply(text.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
