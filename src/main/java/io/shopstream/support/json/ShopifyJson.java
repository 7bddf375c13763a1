package io.shopstream.support.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.shopstream.support.delivery.PoisonRecordException;

/**
 * Reads Shopify payloads: money as {@link BigDecimal} from the token text (never through a double), 64-bit ids,
 * timestamps with the shop's offset, unknown fields ignored. A payload that is not what its topic promises is a
 * {@link PoisonRecordException}.
 */
public final class ShopifyJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ShopifyJson() {
    }

    public static JsonNode parseObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new PoisonRecordException("payload is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new PoisonRecordException("payload is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static long requiredId(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new PoisonRecordException("missing or non-integer '" + field + "'");
        }
        return value.asLong();
    }

    public static Long optionalId(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isIntegralNumber() ? null : value.asLong();
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isNumber() ? null : value.asInt();
    }

    public static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asBoolean();
    }

    /** Money: Shopify sends decimal strings ("73.00") and, in a few places, JSON numbers. */
    public static BigDecimal money(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new PoisonRecordException("'" + field + "' is not a decimal amount");
        }
    }

    public static OffsetDateTime time(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new PoisonRecordException("'" + field + "' is not an ISO-8601 timestamp");
        }
    }

    public static OffsetDateTime requiredTime(JsonNode node, String field) {
        return Optional.ofNullable(time(node, field))
                .orElseThrow(() -> new PoisonRecordException("missing '" + field + "'"));
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
