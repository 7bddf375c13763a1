package io.shopstream.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The headers a replayed record carries back to its origin topic: the original ones (correlation ID, Shopify's
 * headers, CloudEvents) in their order, without the {@code dead-letter-*} ones, plus who replayed it and when.
 */
public final class ReplayHeaders {

    public static final String REPLAYED_BY = "shopstream-replayed-by";
    public static final String REPLAYED_AT = "shopstream-replayed-at";

    private ReplayHeaders() {
    }

    public static List<RecordHeader> of(Iterable<Header> deadLetterHeaders, String operator, Instant now) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header header : deadLetterHeaders) {
            String key = header.key();
            if (!key.startsWith(DeadLetter.HEADER_PREFIX) && !key.equals(REPLAYED_BY) && !key.equals(REPLAYED_AT)) {
                headers.add(new RecordHeader(key, header.value()));
            }
        }
        headers.add(new RecordHeader(REPLAYED_BY, operator.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(REPLAYED_AT, now.toString().getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
