package io.shopstream.ingest;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shopstream.support.kafka.DestructiveTopics;

/**
 * Checks the unsigned headers of a verified delivery against what its signed body says, for the topics where a
 * header alone would decide something irreversible:
 * <ul>
 * <li>topics whose body names its shop ({@code shop_domain} of the privacy requests, {@code myshopify_domain} of
 * the shop object of {@code app/uninstalled} and {@code shop/update}): the header must agree;</li>
 * <li>destructive topics accept only their documented body shape, so no other topic's signed body can be re-sent
 * as a delete, a redaction or an erasure.</li>
 * </ul>
 * A disagreement is a forgery: the caller refuses the request and publishes nothing. Every other topic passes here;
 * a signed body re-sent under another shop or topic is caught by the consumers' body ledger instead.
 */
public final class SignedBody {

    /** Where the body names the shop. */
    static final Map<String, String> SHOP_FIELD = Map.of(
            "customers/redact", "shop_domain",
            "customers/data_request", "shop_domain",
            "shop/redact", "shop_domain",
            "app/uninstalled", "myshopify_domain",
            "shop/update", "myshopify_domain");

    /**
     * The documented fields of each destructive topic's body; anything else is another topic's body.
     * {@code app/uninstalled} carries the whole shop object and is held to its shop field instead.
     */
    static final Map<String, Set<String>> DESTRUCTIVE_FIELDS = Map.of(
            "shop/redact", Set.of("shop_id", "shop_domain"),
            "customers/redact", Set.of("shop_id", "shop_domain", "customer", "orders_to_redact"),
            "orders/delete", Set.of("id", "admin_graphql_api_id"),
            "products/delete", Set.of("id", "admin_graphql_api_id"),
            "inventory_items/delete", Set.of("id", "admin_graphql_api_id", "country_code_of_origin",
                    "province_code_of_origin", "harmonized_system_code", "country_harmonized_system_codes"),
            "inventory_levels/disconnect", Set.of("inventory_item_id", "location_id", "admin_graphql_api_id",
                    "updated_at"));

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build());

    private SignedBody() {
    }

    /** Whether this topic's body is checked here at all; other bodies are never parsed at ingest. */
    static boolean isChecked(String topic) {
        return SHOP_FIELD.containsKey(topic) || DestructiveTopics.contains(topic);
    }

    /**
     * @return why the headers and the body disagree, or empty when they agree (or the topic is not checked)
     */
    public static Optional<String> forgery(String topic, String shopDomain, byte[] body) {
        if (!isChecked(topic)) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException | RuntimeException malformed) {
            return Optional.of(topic + " body is not JSON");
        }
        if (json == null || !json.isObject()) {
            return Optional.of(topic + " body is not a JSON object");
        }
        Set<String> allowed = DESTRUCTIVE_FIELDS.get(topic);
        if (allowed != null) {
            for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    return Optional.of(topic + " body has a field its topic never carries: " + bounded(name));
                }
            }
            Optional<String> missing = missingRequired(topic, json);
            if (missing.isPresent()) {
                return missing;
            }
        }
        String shopField = SHOP_FIELD.get(topic);
        if (shopField != null) {
            JsonNode named = json.get(shopField);
            String bodyShop = named != null && named.isTextual() ? WebhookHeaders.shopDomain(named.asText()) : null;
            if (bodyShop == null) {
                return Optional.of(topic + " body does not name its shop in " + shopField);
            }
            if (!bodyShop.equals(shopDomain)) {
                return Optional.of(topic + " body names another shop than the shop-domain header");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> missingRequired(String topic, JsonNode json) {
        return switch (topic) {
            case "shop/redact" -> json.size() == 2 && isId(json.get("shop_id")) ? Optional.empty()
                    : Optional.of("shop/redact body must be exactly shop_id and shop_domain");
            case "customers/redact" -> {
                JsonNode customer = json.get("customer");
                yield customer != null && customer.isObject() && isId(customer.get("id")) ? Optional.empty()
                        : Optional.of("customers/redact body does not name a customer id");
            }
            case "inventory_levels/disconnect" -> isId(json.get("inventory_item_id")) && isId(json.get("location_id"))
                    ? Optional.empty()
                    : Optional.of("inventory_levels/disconnect body does not name an inventory item and location");
            default -> isId(json.get("id")) ? Optional.empty() : Optional.of(topic + " body does not carry an id");
        };
    }

    private static boolean isId(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong();
    }

    /** A field name as it may appear in a log line: bounded and printable. */
    private static String bounded(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return WebhookHeaders.isPrintable(cut) ? cut : "(not printable)";
    }
}
