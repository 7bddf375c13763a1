package io.shopstream.products;

import static io.shopstream.support.json.ShopifyJson.*;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.shopstream.processing.PoisonRecordException;

/** products/create and products/update, with the variants that map SKUs to inventory items. */
public record ProductPayload(long id, String title, String handle, String vendor, String productType, String status,
        String tags, OffsetDateTime createdAt, OffsetDateTime updatedAt, List<Variant> variants) {

    public record Variant(long id, String sku, String title, BigDecimal price, Long inventoryItemId,
            Integer inventoryQuantity, OffsetDateTime updatedAt) {
    }

    public static ProductPayload from(JsonNode product) {
        JsonNode nodes = product.get("variants");
        if (nodes != null && !nodes.isNull() && !nodes.isArray()) {
            throw new PoisonRecordException("'variants' is not an array");
        }
        List<Variant> variants = new ArrayList<>();
        if (nodes != null) {
            for (JsonNode v : nodes) {
                variants.add(new Variant(requiredId(v, "id"), text(v, "sku"), text(v, "title"), money(v, "price"),
                        optionalId(v, "inventory_item_id"), integer(v, "inventory_quantity"), time(v, "updated_at")));
            }
        }
        return new ProductPayload(requiredId(product, "id"), text(product, "title"), text(product, "handle"),
                text(product, "vendor"), text(product, "product_type"), text(product, "status"),
                text(product, "tags"), time(product, "created_at"), requiredTime(product, "updated_at"),
                List.copyOf(variants));
    }
}
