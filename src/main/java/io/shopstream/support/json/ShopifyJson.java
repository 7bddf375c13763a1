package io.shopstream.support.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shopstream.processing.PoisonRecordException;

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

    /**
     * Like {@link #parseObject(byte[])}, but keeps only the fields of {@code wanted}: the others are skipped by the
     * parser without becoming nodes. An order webhook is mostly addresses, price sets and line item details that
     * Shopstream does not store; building all of it as a tree cost more than everything else a record goes through.
     * The whole body is still read, so a payload that is not JSON is still poison.
     */
    public static JsonNode parseObject(byte[] body, Projection wanted) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PoisonRecordException("payload is not a JSON object");
            }
            ObjectNode projected = readProjected(parser, wanted);
            if (parser.nextToken() != null) {
                throw new PoisonRecordException("payload is not JSON: trailing content after the object");
            }
            return projected;
        } catch (IOException e) {
            throw new PoisonRecordException("payload is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Reads the object the parser is at (its START_OBJECT current), keeping only the wanted fields. */
    private static ObjectNode readProjected(JsonParser parser, Projection wanted) throws IOException {
        ObjectNode node = MAPPER.getNodeFactory().objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!wanted.includes(field)) {
                parser.skipChildren();
                continue;
            }
            Projection nested = wanted.nested(field);
            if (nested != null && value == JsonToken.START_OBJECT) {
                node.set(field, readProjected(parser, nested));
            } else if (nested != null && value == JsonToken.START_ARRAY) {
                ArrayNode array = node.putArray(field);
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (element == JsonToken.START_OBJECT) {
                        array.add(readProjected(parser, nested));
                    } else {
                        array.add((JsonNode) MAPPER.readTree(parser));
                    }
                }
            } else {
                node.set(field, MAPPER.readTree(parser));
            }
        }
        return node;
    }

    /** The fields to keep of an object, some with the fields to keep of their own objects (or array elements). */
    public static final class Projection {

        private final Map<String, Projection> fields;

        private Projection(Map<String, Projection> fields) {
            this.fields = fields;
        }

        /** Keeps these fields whole. */
        public static Projection of(String... fields) {
            Map<String, Projection> kept = new HashMap<>();
            for (String field : fields) {
                kept.put(field, null);
            }
            return new Projection(kept);
        }

        /** Also keeps {@code field}, but only {@code nested}'s fields of it (or of each of its elements). */
        public Projection with(String field, Projection nested) {
            Map<String, Projection> kept = new HashMap<>(fields);
            kept.put(field, nested);
            return new Projection(kept);
        }

        boolean includes(String field) {
            return fields.containsKey(field);
        }

        Projection nested(String field) {
            return fields.get(field);
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
