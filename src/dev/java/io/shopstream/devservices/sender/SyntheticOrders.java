package io.shopstream.devservices.sender;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Distinct synthetic {@code orders/create} webhooks: variants of the shared sample
 * ({@code /shopify/webhooks/orders-create.json}) with a unique order id, name and number, a customer per about three
 * orders of a shop, exactly three line items with unique ids, consistent totals and Black Friday timestamps. Order
 * {@code i} belongs to shop {@code i % shops + 1}, so consecutive orders spread over all shops.
 *
 * <p>
 * {@link #order(int)} gives the facts (what the application maps out of the payload), {@link #body(Order)} the
 * webhook body carrying exactly those facts. Different {@code namespace}s give disjoint ids and webhook ids.
 */
public final class SyntheticOrders {

    public static final String SAMPLE = "/shopify/webhooks/orders-create.json";
    public static final String SHOPIFY_TOPIC = "orders/create";
    public static final String API_VERSION = "2026-07";

    /** 2026-11-27 00:00 at the shops' offset (-05:00): Black Friday. */
    private static final ZoneOffset SHOP_OFFSET = ZoneOffset.ofHours(-5);
    private static final Instant FIRST_ORDER = OffsetDateTime.of(2026, 11, 27, 0, 0, 0, 0, SHOP_OFFSET).toInstant();
    private static final Duration ORDER_SPACING = Duration.ofMillis(400);
    private static final BigDecimal TAX_RATE = new BigDecimal("0.0625");
    private static final BigDecimal SHIPPING = new BigDecimal("5.00");
    /** Shopify's timestamp format: seconds, the shop's offset. */
    private static final DateTimeFormatter SHOPIFY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    public record LineItem(long id, long productId, long variantId, String sku, String title, String name,
            String variantTitle, int grams, int quantity, BigDecimal price, BigDecimal tax) {
    }

    /** One order webhook: the delivery (shop, webhook id, ...) and the order's facts. */
    public record Order(int index, String shop, String webhookId, String eventId, String triggeredAt, long id, String name,
            long number, String email, String financialStatus, String currency, BigDecimal subtotalPrice,
            BigDecimal totalPrice, BigDecimal totalTax, BigDecimal totalDiscounts, String tags, long customerId,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, List<LineItem> lineItems) {

        public OffsetDateTime triggeredAtTime() {
            return OffsetDateTime.parse(triggeredAt).withOffsetSameInstant(ZoneOffset.UTC);
        }
    }

    private final String shopPrefix;
    private final int shops;
    private final int namespace;
    private final String runId;
    private final ObjectNode template;

    /**
     * @param shopPrefix shops are {@code <prefix>-0001.myshopify.com} ...
     * @param shops number of shops
     * @param namespace 0..99: keeps ids of different generators apart
     * @param runId 8 hex digits that start every webhook id of this run
     */
    public SyntheticOrders(String shopPrefix, int shops, int namespace, String runId) {
        if (shops < 1 || namespace < 0 || namespace > 99 || !runId.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("shops >= 1, namespace 0..99, runId 8 hex digits");
        }
        this.shopPrefix = shopPrefix;
        this.shops = shops;
        this.namespace = namespace;
        this.runId = runId;
        try (InputStream sample = SyntheticOrders.class.getResourceAsStream(SAMPLE)) {
            if (sample == null) {
                throw new IllegalStateException(SAMPLE + " is not on the class path");
            }
            this.template = (ObjectNode) JSON.readTree(sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (template.path("line_items").size() < 2) {
            throw new IllegalStateException(SAMPLE + " should have two line items");
        }
    }

    public String shop(int shopIndex) {
        return "%s-%04d.myshopify.com".formatted(shopPrefix, shopIndex + 1);
    }

    public Order order(int i) {
        int shopIndex = i % shops;
        int sequence = i / shops; // the order's position among its shop's orders
        String shop = shop(shopIndex);
        long id = 6_200_000_000_000L + namespace * 10_000_000_000L + i;
        long number = 1001L + sequence;
        long customerId = 7_700_000_000_000L + namespace * 10_000_000_000L + shopIndex * 1_000_000L + sequence / 3;

        Instant created = FIRST_ORDER.plus(ORDER_SPACING.multipliedBy(i)).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime createdAt = created.atOffset(SHOP_OFFSET);
        OffsetDateTime updatedAt = createdAt.plusSeconds(2);
        Instant triggered = updatedAt.toInstant().plusMillis(400).plusNanos((i % 1000) * 1000L + 583_000L);

        List<LineItem> items = new ArrayList<>(3);
        long itemBase = 16_000_000_000_000L + namespace * 30_000_000_000L + 3L * i;
        items.add(item(itemBase, 8123456789012L, 44123456789012L, "SOCK-TR-M", "Trail Runner Sock",
                "Trail Runner Sock - M", "M", 85, 1 + i % 3, new BigDecimal("16.00")));
        items.add(item(itemBase + 1, 8123456789013L, 44123456789020L, "BTL-750-BLK", "Insulated Bottle 750ml",
                "Insulated Bottle 750ml - Black", "Black", 410, 1 + (i / 3) % 2, new BigDecimal("32.00")));
        items.add(item(itemBase + 2, 8123456789014L, 44123456789031L, "BNE-MER-GRY", "Merino Beanie",
                "Merino Beanie - Grey", "Grey", 120, 1 + (i / 7) % 2,
                new BigDecimal("19.00").add(BigDecimal.valueOf(i % 5).multiply(new BigDecimal("2.50")))));

        BigDecimal subtotal = BigDecimal.ZERO.setScale(2);
        BigDecimal tax = BigDecimal.ZERO.setScale(2);
        for (LineItem item : items) {
            subtotal = subtotal.add(item.price().multiply(BigDecimal.valueOf(item.quantity())));
            tax = tax.add(item.tax());
        }
        BigDecimal total = subtotal.add(tax).add(SHIPPING);
        String webhookId = "%s-%04x-4%03x-8000-%012x".formatted(runId, namespace, shopIndex % 0x1000, i);
        String eventId = "%s-%04x-4%03x-9000-%012x".formatted(runId, namespace, shopIndex % 0x1000, i);
        return new Order(i, shop, webhookId, eventId, DateTimeFormatter.ISO_INSTANT.format(triggered), id,
                "#" + number, number, "customer-%d@example.com".formatted(customerId), "paid", "USD", subtotal, total,
                tax, BigDecimal.ZERO.setScale(2), i % 4 == 0 ? "black-friday, newsletter" : "", customerId, createdAt,
                updatedAt, List.copyOf(items));
    }

    private static LineItem item(long id, long productId, long variantId, String sku, String title, String name,
            String variantTitle, int grams, int quantity, BigDecimal price) {
        BigDecimal tax = price.multiply(BigDecimal.valueOf(quantity)).multiply(TAX_RATE)
                .setScale(2, RoundingMode.HALF_EVEN);
        return new LineItem(id, productId, variantId, sku, title, name, variantTitle, grams, quantity, price, tax);
    }

    /** The webhook body of an order: the sample with the order's facts written into it. */
    public byte[] body(Order order) {
        ObjectNode o = template.deepCopy();
        o.put("id", order.id());
        o.put("admin_graphql_api_id", "gid://shopify/Order/" + order.id());
        o.put("name", order.name());
        o.put("number", order.number() - 1000);
        o.put("order_number", order.number());
        String token = "%032x".formatted(order.id());
        o.put("token", token);
        o.put("checkout_token", "%032x".formatted(order.id() * 31));
        o.put("cart_token", "bench%019d".formatted(order.id()));
        o.put("confirmation_number", Long.toString(order.id(), 36).toUpperCase());
        o.put("order_status_url", "https://%s/71234567890/orders/%s/authenticate?key=%032x"
                .formatted(order.shop(), token, order.id() * 17));
        o.put("email", order.email());
        o.put("contact_email", order.email());
        o.put("financial_status", order.financialStatus());
        o.put("currency", order.currency());
        o.put("tags", order.tags());
        o.put("created_at", SHOPIFY_TIME.format(order.createdAt()));
        o.put("processed_at", SHOPIFY_TIME.format(order.createdAt().minusSeconds(2)));
        o.put("updated_at", SHOPIFY_TIME.format(order.updatedAt()));

        money(o, "subtotal_price", order.subtotalPrice());
        money(o, "current_subtotal_price", order.subtotalPrice());
        money(o, "total_line_items_price", order.subtotalPrice());
        money(o, "total_price", order.totalPrice());
        money(o, "current_total_price", order.totalPrice());
        money(o, "total_tax", order.totalTax());
        money(o, "current_total_tax", order.totalTax());
        money(o, "total_discounts", order.totalDiscounts());
        money(o, "current_total_discounts", order.totalDiscounts());
        JsonNode taxLines = o.path("tax_lines");
        if (taxLines.size() > 0) {
            money((ObjectNode) taxLines.get(0), "price", order.totalTax());
        }
        int weight = 0;

        ObjectNode customer = (ObjectNode) o.get("customer");
        customer.put("id", order.customerId());
        customer.put("admin_graphql_api_id", "gid://shopify/Customer/" + order.customerId());
        customer.put("email", order.email());
        customer.put("updated_at", SHOPIFY_TIME.format(order.createdAt().plusSeconds(1)));
        if (customer.get("default_address") instanceof ObjectNode address) {
            address.put("id", 9_900_000_000_000L + order.customerId() % 100_000_000_000L);
            address.put("customer_id", order.customerId());
        }

        ArrayNode sampleItems = (ArrayNode) o.get("line_items");
        ObjectNode first = (ObjectNode) sampleItems.get(0);
        ObjectNode second = (ObjectNode) sampleItems.get(1);
        ArrayNode items = o.putArray("line_items");
        for (int k = 0; k < order.lineItems().size(); k++) {
            LineItem item = order.lineItems().get(k);
            ObjectNode node = (k == 1 ? second : first).deepCopy();
            node.put("id", item.id());
            node.put("admin_graphql_api_id", "gid://shopify/LineItem/" + item.id());
            node.put("product_id", item.productId());
            node.put("variant_id", item.variantId());
            node.put("sku", item.sku());
            node.put("title", item.title());
            node.put("name", item.name());
            node.put("variant_title", item.variantTitle());
            node.put("grams", item.grams());
            node.put("quantity", item.quantity());
            node.put("current_quantity", item.quantity());
            node.put("fulfillable_quantity", item.quantity());
            money(node, "price", item.price());
            JsonNode itemTaxLines = node.path("tax_lines");
            if (itemTaxLines.size() > 0) {
                money((ObjectNode) itemTaxLines.get(0), "price", item.tax());
            }
            weight += item.grams() * item.quantity();
            items.add(node);
        }
        o.put("total_weight", weight);
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets {@code field} and, when the sample has it, the amounts of {@code field_set}. */
    private static void money(ObjectNode node, String field, BigDecimal amount) {
        String text = amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        node.put(field, text);
        if (node.get(field + "_set") instanceof ObjectNode set) {
            for (String side : new String[] { "shop_money", "presentment_money" }) {
                if (set.get(side) instanceof ObjectNode money) {
                    money.put("amount", text);
                }
            }
        }
    }

    /** Base64 HMAC-SHA256 of the body, as Shopify's {@code X-Shopify-Hmac-Sha256}. */
    public static final class Signer {
        private final Mac mac;

        public Signer(String secret) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public String sign(byte[] body) {
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        }
    }
}
