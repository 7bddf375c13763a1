package io.shopstream.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The Shopify delivery headers of one request, validated. Two families are read: classic webhooks
 * ({@code X-Shopify-*}) and Events deliveries (developer preview, {@code Shopify-*} without the {@code X-}). Values
 * are kept as Shopify sent them (the shop domain is lower-cased), so they can be carried into Kafka unchanged.
 * <p>
 * None of these headers is signed: they are checked for shape only, and what they claim is checked against the
 * signed body elsewhere ({@link SignedBody}). Every value's length is checked before its characters, and no check
 * uses a backtracking pattern: a header is attacker input until the signature verified.
 */
public record WebhookHeaders(
        Kind kind,
        String topic,
        String shopDomain,
        String webhookId,
        String apiVersion,
        Optional<String> eventId,
        Optional<String> triggeredAt,
        Optional<String> name,
        Optional<String> subTopic,
        Optional<String> handle,
        Optional<String> action,
        Optional<String> resourceId) {

    /** Which kind of Shopify delivery the headers describe. */
    public enum Kind {
        /** A classic webhook subscription: {@code X-Shopify-*} headers. */
        WEBHOOK("X-Shopify-"),
        /** An Events subscription (developer preview): {@code Shopify-*} headers. */
        EVENT("Shopify-");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The header's name in this family, e.g. {@code X-Shopify-Topic} or {@code Shopify-Topic}. */
        public String header(String suffix) {
            return prefix + suffix;
        }
    }

    public static final String TOPIC = "X-Shopify-Topic";
    public static final String HMAC = "X-Shopify-Hmac-Sha256";
    public static final String SHOP_DOMAIN = "X-Shopify-Shop-Domain";
    public static final String API_VERSION = "X-Shopify-API-Version";
    public static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
    public static final String EVENT_ID = "X-Shopify-Event-Id";
    public static final String TRIGGERED_AT = "X-Shopify-Triggered-At";
    public static final String NAME = "X-Shopify-Name";
    public static final String SUB_TOPIC = "X-Shopify-Sub-Topic";
    /** The Events family's signature header. */
    public static final String EVENT_HMAC = "Shopify-Hmac-Sha256";

    /** Suffixes shared by both families. */
    static final String S_TOPIC = "Topic";
    static final String S_HMAC = "Hmac-Sha256";
    static final String S_SHOP = "Shop-Domain";
    static final String S_API_VERSION = "API-Version";
    static final String S_WEBHOOK_ID = "Webhook-Id";
    static final String S_EVENT_ID = "Event-Id";
    static final String S_TRIGGERED_AT = "Triggered-At";
    static final String S_NAME = "Name";
    static final String S_SUB_TOPIC = "Sub-Topic";
    static final String S_HANDLE = "Handle";
    static final String S_ACTION = "Action";
    static final String S_RESOURCE_ID = "Resource-Id";

    /** Every header read, per family: a second value for any of them makes the request ambiguous. */
    static final List<String> SUFFIXES = List.of(S_TOPIC, S_HMAC, S_SHOP, S_API_VERSION, S_WEBHOOK_ID, S_EVENT_ID,
            S_TRIGGERED_AT, S_NAME, S_SUB_TOPIC, S_HANDLE, S_ACTION, S_RESOURCE_ID);

    static final int MAX_TOPIC = 128;
    static final int MAX_SHOP = 255;
    static final int MAX_ID = 255;
    static final int MAX_API_VERSION = 32;
    static final int MAX_TIME = 64;
    static final int MAX_TEXT = 255;
    /** Base64 of a 32-byte HMAC is 44 characters; a little room for white space. */
    static final int MAX_HMAC = 64;

    private static final String MYSHOPIFY = ".myshopify.com";

    /**
     * Reads and validates headers that have one value each (tests, and tools that build records).
     *
     * @throws InvalidHeaderException naming the first header that is missing or malformed
     */
    public static WebhookHeaders parse(UnaryOperator<String> header) {
        return parse(Kind.WEBHOOK, header);
    }

    /** As {@link #parse(UnaryOperator)}, for the given family. */
    public static WebhookHeaders parse(Kind kind, UnaryOperator<String> header) {
        String topic = required(header, kind.header(S_TOPIC), MAX_TOPIC);
        if (!(kind == Kind.WEBHOOK ? isWebhookTopic(topic) : isEventTopic(topic))) {
            throw new InvalidHeaderException(kind.header(S_TOPIC), kind == Kind.WEBHOOK
                    ? "must be a Shopify topic such as orders/create or customer.tags_added"
                    : "must be an Events topic such as Product");
        }
        String shop = shopDomain(required(header, kind.header(S_SHOP), MAX_SHOP));
        if (shop == null) {
            throw new InvalidHeaderException(kind.header(S_SHOP), "must be a *.myshopify.com domain");
        }
        String webhookId = id(header, kind.header(S_WEBHOOK_ID), true);
        String apiVersion = required(header, kind.header(S_API_VERSION), MAX_API_VERSION);
        if (!isApiVersion(apiVersion)) {
            throw new InvalidHeaderException(kind.header(S_API_VERSION), "must be YYYY-MM or unstable");
        }
        String eventId = id(header, kind.header(S_EVENT_ID), kind == Kind.EVENT);
        String triggeredAt = optional(header, kind.header(S_TRIGGERED_AT), MAX_TIME);
        if (triggeredAt != null) {
            parseInstant(kind.header(S_TRIGGERED_AT), triggeredAt);
        }
        return new WebhookHeaders(kind, topic, shop, webhookId, apiVersion, Optional.ofNullable(eventId),
                Optional.ofNullable(triggeredAt), name(header, kind.header(S_NAME)),
                text(header, kind.header(S_SUB_TOPIC)), text(header, kind.header(S_HANDLE)),
                text(header, kind.header(S_ACTION)), text(header, kind.header(S_RESOURCE_ID)));
    }

    /**
     * Finds which family a request's headers belong to by its signature header, after refusing any header of
     * either family that was sent more than once (first-value-wins would let a proxy and Shopstream disagree on
     * which shop or topic a request is for).
     *
     * @param values every value of a header, by name, case-insensitively (empty when absent)
     * @return the family, or empty when neither signature header is present
     * @throws AmbiguousHeaderException when a header is repeated, or both signature headers are present
     */
    public static Optional<Kind> kindOf(Function<String, List<String>> values) {
        for (Kind kind : Kind.values()) {
            for (String suffix : SUFFIXES) {
                if (values.apply(kind.header(suffix)).size() > 1) {
                    throw new AmbiguousHeaderException(kind.header(suffix), "is repeated");
                }
            }
        }
        boolean webhook = !values.apply(HMAC).isEmpty();
        boolean event = !values.apply(EVENT_HMAC).isEmpty();
        if (webhook && event) {
            throw new AmbiguousHeaderException(EVENT_HMAC, "is sent together with " + HMAC);
        }
        return webhook ? Optional.of(Kind.WEBHOOK) : event ? Optional.of(Kind.EVENT) : Optional.empty();
    }

    /** When Shopify triggered the webhook, if it said so. */
    public Optional<Instant> triggeredInstant() {
        return triggeredAt.map(value -> parseInstant(kind.header(S_TRIGGERED_AT), value));
    }

    /** The lower-cased shop domain, or null when it is not {@code <name>.myshopify.com}. */
    static String shopDomain(String value) {
        if (value == null || value.length() > MAX_SHOP) {
            return null;
        }
        String shop = value.toLowerCase(Locale.ROOT);
        if (!shop.endsWith(MYSHOPIFY)) {
            return null;
        }
        int end = shop.length() - MYSHOPIFY.length();
        if (end < 1 || end > 100 || shop.charAt(0) == '-') {
            return null;
        }
        for (int i = 0; i < end; i++) {
            char c = shop.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return shop;
    }

    /**
     * A classic topic: two or more segments of {@code [a-z0-9_]}, separated by {@code /} ({@code orders/create})
     * or {@code .} ({@code customer.tags_added}, since API 2023-07).
     */
    static boolean isWebhookTopic(String topic) {
        if (topic.isEmpty() || topic.length() > MAX_TOPIC) {
            return false;
        }
        int segments = 1;
        char previous = '/';
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean separator = c == '/' || c == '.';
            if (separator) {
                if (previous == '/' || previous == '.') {
                    return false;
                }
                segments++;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
            previous = c;
        }
        return segments >= 2 && previous != '/' && previous != '.';
    }

    /** An Events topic names a resource: {@code Product}, {@code InventoryItem}. */
    static boolean isEventTopic(String topic) {
        if (topic.isEmpty() || topic.length() > MAX_TOPIC || !Character.isLetter(topic.charAt(0))) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Shopify's documented versions: {@code YYYY-MM} (a month 01-12) or {@code unstable}. */
    static boolean isApiVersion(String value) {
        if (value.equals("unstable")) {
            return true;
        }
        if (value.length() != 7 || value.charAt(4) != '-') {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            if (i != 4 && (value.charAt(i) < '0' || value.charAt(i) > '9')) {
                return false;
            }
        }
        int month = Integer.parseInt(value.substring(5));
        return month >= 1 && month <= 12;
    }

    /** Letters, digits, {@code . _ : -}: Shopify's ids (UUIDs today) and API versions. */
    static boolean isToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == ':' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Visible ASCII and spaces: safe to carry as a Kafka header and to log. */
    static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static Instant parseInstant(String header, String value) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidHeaderException(header, "must be an ISO-8601 timestamp with offset");
        }
    }

    private static String id(UnaryOperator<String> header, String name, boolean required) {
        String value = required ? required(header, name, MAX_ID) : optional(header, name, MAX_ID);
        if (value != null && !isToken(value)) {
            throw new InvalidHeaderException(name, "must be 1-" + MAX_ID + " characters of [A-Za-z0-9._:-]");
        }
        return value;
    }

    /** A subscription's name: letters, digits, {@code -} and {@code _}, at most 50 (Shopify's documented rule). */
    private static Optional<String> name(UnaryOperator<String> header, String name) {
        String value = optional(header, name, 50);
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                    throw new InvalidHeaderException(name, "must be 1-50 characters of [A-Za-z0-9_-]");
                }
            }
        }
        return Optional.ofNullable(value);
    }

    private static Optional<String> text(UnaryOperator<String> header, String name) {
        String value = optional(header, name, MAX_TEXT);
        if (value != null && !isPrintable(value)) {
            throw new InvalidHeaderException(name, "must be printable ASCII");
        }
        return Optional.ofNullable(value);
    }

    private static String required(UnaryOperator<String> header, String name, int maxLength) {
        String value = optional(header, name, maxLength);
        if (value == null) {
            throw new InvalidHeaderException(name, "is required");
        }
        return value;
    }

    private static String optional(UnaryOperator<String> header, String name, int maxLength) {
        String value = header.apply(name);
        if (value == null) {
            return null;
        }
        // the length first: nothing longer is ever scanned character by character
        if (value.length() > maxLength + 64) {
            throw new InvalidHeaderException(name, "is longer than " + maxLength + " characters");
        }
        value = value.strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidHeaderException(name, "is longer than " + maxLength + " characters");
        }
        return value;
    }
}
