package io.shopstream.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The Shopify delivery headers of one webhook, validated. Values are kept as Shopify sent them (the shop domain is
 * lower-cased), so they can be carried into Kafka unchanged.
 */
public record WebhookHeaders(
        String topic,
        String shopDomain,
        String webhookId,
        String apiVersion,
        String hmac,
        Optional<String> eventId,
        Optional<String> triggeredAt,
        Optional<String> name,
        Optional<String> subTopic) {

    public static final String TOPIC = "X-Shopify-Topic";
    public static final String HMAC = "X-Shopify-Hmac-Sha256";
    public static final String SHOP_DOMAIN = "X-Shopify-Shop-Domain";
    public static final String API_VERSION = "X-Shopify-API-Version";
    public static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
    public static final String EVENT_ID = "X-Shopify-Event-Id";
    public static final String TRIGGERED_AT = "X-Shopify-Triggered-At";
    public static final String NAME = "X-Shopify-Name";
    public static final String SUB_TOPIC = "X-Shopify-Sub-Topic";

    private static final Pattern TOPIC_FORMAT = Pattern.compile("[a-z0-9_]+(/[a-z0-9_]+)+");
    private static final Pattern SHOP_FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}\\.myshopify\\.com");
    private static final Pattern API_VERSION_FORMAT = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])|unstable");
    private static final Pattern ID_FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern NAME_FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,50}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /**
     * Reads and validates the headers.
     *
     * @param header looks a header up by name, case-insensitively, returning {@code null} when absent
     * @throws InvalidHeaderException naming the first header that is missing or malformed
     */
    public static WebhookHeaders parse(UnaryOperator<String> header) {
        String topic = required(header, TOPIC, TOPIC_FORMAT, "must be a Shopify topic such as orders/create");
        String shop = required(header, SHOP_DOMAIN, null, null).toLowerCase(Locale.ROOT);
        if (!SHOP_FORMAT.matcher(shop).matches()) {
            throw new InvalidHeaderException(SHOP_DOMAIN, "must be a *.myshopify.com domain");
        }
        String webhookId = required(header, WEBHOOK_ID, ID_FORMAT, "must be 1-128 characters of [A-Za-z0-9._:-]");
        String apiVersion = required(header, API_VERSION, API_VERSION_FORMAT, "must be YYYY-MM or unstable");
        String eventId = optional(header, EVENT_ID, ID_FORMAT, "must be 1-128 characters of [A-Za-z0-9._:-]");
        String triggeredAt = optional(header, TRIGGERED_AT, null, null);
        if (triggeredAt != null) {
            parseInstant(triggeredAt);
        }
        String name = optional(header, NAME, NAME_FORMAT, "must be 1-50 characters of [A-Za-z0-9_-]");
        String subTopic = optional(header, SUB_TOPIC, PRINTABLE, "must be 1-255 printable ASCII characters");
        String hmac = required(header, HMAC, null, null);
        return new WebhookHeaders(topic, shop, webhookId, apiVersion, hmac,
                Optional.ofNullable(eventId), Optional.ofNullable(triggeredAt), Optional.ofNullable(name),
                Optional.ofNullable(subTopic));
    }

    /** When Shopify triggered the webhook, if it said so. */
    public Optional<Instant> triggeredInstant() {
        return triggeredAt.map(WebhookHeaders::parseInstant);
    }

    private static Instant parseInstant(String value) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidHeaderException(TRIGGERED_AT, "must be an ISO-8601 timestamp with offset");
        }
    }

    private static String required(UnaryOperator<String> header, String name, Pattern format, String rule) {
        String value = optional(header, name, format, rule);
        if (value == null) {
            throw new InvalidHeaderException(name, "is required");
        }
        return value;
    }

    private static String optional(UnaryOperator<String> header, String name, Pattern format, String rule) {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        if (format != null && !format.matcher(value).matches()) {
            throw new InvalidHeaderException(name, rule);
        }
        return value;
    }
}
