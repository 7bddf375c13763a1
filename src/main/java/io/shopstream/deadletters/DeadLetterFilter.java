package io.shopstream.deadletters;

import java.time.Instant;
import java.util.List;
import java.util.Locale;


/**
 * Which dead letters a request is about: every given criterion must match. {@code reason} matches a part of the
 * reason, case-insensitively; {@code from} is inclusive and {@code to} exclusive, on the time the record was
 * dead-lettered. {@code ids}, when given, names the records exactly (the other criteria still apply).
 */
public record DeadLetterFilter(String dlqTopic, String originTopic, String shop, String reason, Instant from,
        Instant to, int limit, List<DeadLetterId> ids) {

    public DeadLetterFilter {
        if (dlqTopic != null && !dlqTopic.endsWith(DeadLetters.SUFFIX)) {
            throw new InvalidRequestException("dlqTopic must name a dead-letter topic (ending in "
                    + DeadLetters.SUFFIX + "), not '" + dlqTopic + "'");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("from must be before to");
        }
        if (limit < 1) {
            throw new InvalidRequestException("limit must be at least 1");
        }
        ids = ids == null ? List.of() : List.copyOf(ids);
        for (DeadLetterId id : ids) {
            if (id.topic() == null || !id.topic().endsWith(DeadLetters.SUFFIX) || id.partition() < 0
                    || id.offset() < 0) {
                throw new InvalidRequestException("records must name a dead-letter topic, a partition and an offset: "
                        + id);
            }
        }
        shop = shop == null ? null : shop.toLowerCase(Locale.ROOT);
    }

    /** Whether nothing narrows the selection down (a replay refuses that). */
    public boolean selectsEverything() {
        return dlqTopic == null && originTopic == null && shop == null && reason == null && from == null
                && to == null && ids.isEmpty();
    }

    /** Whether records of this dead-letter topic can match at all, so the scan can skip the others. */
    public boolean readsTopic(String topic) {
        if (!topic.endsWith(DeadLetters.SUFFIX)) {
            return false;
        }
        if (!ids.isEmpty() && ids.stream().noneMatch(id -> id.topic().equals(topic))) {
            return false;
        }
        return dlqTopic == null || dlqTopic.equals(topic);
    }

    public boolean matches(DeadLetter letter) {
        return readsTopic(letter.dlqTopic())
                && (ids.isEmpty() || ids.contains(letter.id()))
                && (originTopic == null || originTopic.equals(letter.originTopic()))
                && (shop == null || shop.equals(letter.shop()))
                && (reason == null || (letter.reason() != null
                        && letter.reason().toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT))))
                && (from == null || !letter.deadLetteredAt().isBefore(from))
                && (to == null || letter.deadLetteredAt().isBefore(to));
    }
}
