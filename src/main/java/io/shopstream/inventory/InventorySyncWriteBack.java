package io.shopstream.inventory;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.shopstream.shopify.Gids;
import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.shopify.ShopifyUserErrorsException;
import io.shopstream.support.sql.OwnContextSessions;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackAction;
import io.shopstream.writeback.WriteBackRejectedException;
import io.shopstream.writeback.WriteBackResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Sets a SKU's {@code available} at a shop's synchronised location to the source level's newest stored value: reads
 * the shop's current quantity, stops when it already holds the value, else records the expected echo and sends
 * {@code inventorySetQuantities} with {@code changeFromQuantity} = the quantity read (compare-and-swap) and an
 * {@code @idempotent} key derived from the write-back and that quantity. A redelivery that reads the same quantity
 * sends the same key and input, and Shopify answers the original result without applying it again; a quantity that
 * moved meanwhile ({@code CHANGE_FROM_QUANTITY_STALE}) is read again and tried with a new key, up to the configured
 * times.
 */
@ApplicationScoped
public class InventorySyncWriteBack implements WriteBackAction {

    static final String LEVELS = """
            query SkuLevels($query: String!) {
              inventoryItems(first: 5, query: $query) { nodes { id sku
                inventoryLevels(first: 50) { nodes { location { id } quantities(names: ["available"]) { name quantity } } } } } }""";
    static final String SET = """
            mutation SyncAvailable($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { createdAt reason changes { name delta quantityAfterChange } }
                userErrors { field message code } } }""";
    static final String STALE = "CHANGE_FROM_QUANTITY_STALE";
    private static final String EXPECT = """
            INSERT INTO inventory_sync_expectations (shop_domain, inventory_item_id, location_id, quantity, writeback_id,
                expires_at) VALUES (:shop, :item, :location, :quantity, :id, now() + make_interval(secs => :window))
            ON CONFLICT (shop_domain, inventory_item_id, location_id, quantity)
            DO UPDATE SET writeback_id = EXCLUDED.writeback_id, expires_at = EXCLUDED.expires_at""";
    private static final String SOURCE_LEVEL = """
            SELECT available FROM inventory_levels WHERE shop_domain = :shop AND inventory_item_id = :item
            AND location_id = :location""";
    private static final String FORGET_EXPIRED = """
            DELETE FROM inventory_sync_expectations WHERE shop_domain = :shop AND inventory_item_id = :item
            AND expires_at <= now()""";

    /** The SKU's level at the synchronised location, as Shopify holds it now. */
    record Level(String itemGid, String locationGid, int available) {
    }

    private final ShopifyAdminClient client;
    private final OwnContextSessions sessions;
    private final InventorySyncConfig config;

    public InventorySyncWriteBack(ShopifyAdminClient client, OwnContextSessions sessions,
            InventorySyncConfig config) {
        this.client = client;
        this.sessions = sessions;
        this.config = config;
    }

    @Override
    public String kind() {
        return InventorySyncRule.KIND;
    }

    @Override
    public Uni<WriteBackResult> perform(WriteBack writeBack) {
        return attempt(writeBack, 1, 0);
    }

    private Uni<WriteBackResult> attempt(WriteBack writeBack, int attempt, int callsSoFar) {
        return wanted(writeBack).chain(wanted -> read(writeBack).chain(level -> {
            if (level.available() == wanted) {
                return Uni.createFrom().item(WriteBackResult.unchanged(callsSoFar + 1,
                        "already " + wanted + " at " + level.locationGid()));
            }
            return expectEcho(writeBack, level, wanted)
                    .chain(() -> client.graphql(writeBack.shop(), set(writeBack, level, wanted),
                            writeBack.correlationId()))
                    .map(response -> WriteBackResult.applied(callsSoFar + 2,
                            level.available() + " -> " + wanted + " at " + level.locationGid()))
                    .onFailure(failure -> failure instanceof ShopifyUserErrorsException rejected
                            && rejected.codes().contains(STALE) && attempt <= config.staleRetries())
                    .recoverWithUni(() -> attempt(writeBack, attempt + 1, callsSoFar + 2));
        }));
    }

    /**
     * The source level as stored now (the newest applied), else the quantity of the triggering change: two
     * write-backs of one SKU published out of order (outbox relays of two instances) both set the newest value.
     */
    private Uni<Integer> wanted(WriteBack writeBack) {
        JsonObject data = writeBack.data();
        Integer recorded = data.getInteger("quantity");
        if (data.getString("source_shop") == null || data.getLong("source_inventory_item_id") == null
                || data.getLong("source_location_id") == null) {
            return Uni.createFrom().item(recorded);
        }
        return sessions.withSession(session -> session.createNativeQuery(SOURCE_LEVEL, Integer.class)
                .setParameter("shop", data.getString("source_shop"))
                .setParameter("item", data.getLong("source_inventory_item_id"))
                .setParameter("location", data.getLong("source_location_id")).getSingleResultOrNull())
                .map(stored -> stored != null ? stored : recorded);
    }

    private Uni<Level> read(WriteBack writeBack) {
        String sku = writeBack.data().getString("sku");
        JsonObject variables = new JsonObject().put("query", "sku:\"" + sku + "\"");
        return client.graphql(writeBack.shop(), GraphQlOperation.query("SkuLevels", LEVELS, variables),
                writeBack.correlationId()).map(response -> level(writeBack, response.data()));
    }

    static Level level(WriteBack writeBack, JsonObject data) {
        String sku = writeBack.data().getString("sku");
        String location = Gids.of("Location", writeBack.data().getLong("location_id"));
        JsonArray items = data.getJsonObject("inventoryItems", new JsonObject()).getJsonArray("nodes", new JsonArray());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            if (!sku.equals(item.getString("sku"))) {
                continue;
            }
            JsonArray levels = item.getJsonObject("inventoryLevels", new JsonObject())
                    .getJsonArray("nodes", new JsonArray());
            for (int j = 0; j < levels.size(); j++) {
                JsonObject level = levels.getJsonObject(j);
                if (location.equals(level.getJsonObject("location", new JsonObject()).getString("id"))) {
                    return new Level(item.getString("id"), location, available(level));
                }
            }
        }
        throw new WriteBackRejectedException("SKU_NOT_STOCKED",
                "SKU " + sku + " is not stocked at " + location + " in " + writeBack.shop());
    }

    private static int available(JsonObject level) {
        JsonArray quantities = level.getJsonArray("quantities", new JsonArray());
        for (int i = 0; i < quantities.size(); i++) {
            JsonObject quantity = quantities.getJsonObject(i);
            if ("available".equals(quantity.getString("name"))) {
                return quantity.getInteger("quantity");
            }
        }
        throw new WriteBackRejectedException("NO_AVAILABLE_QUANTITY", "Shopify returned no available quantity");
    }

    static GraphQlOperation set(WriteBack writeBack, Level level, int wanted) {
        JsonObject quantity = new JsonObject().put("inventoryItemId", level.itemGid())
                .put("locationId", level.locationGid()).put("quantity", wanted)
                .put("changeFromQuantity", level.available());
        JsonObject input = new JsonObject().put("name", "available").put("reason", "correction")
                .put("referenceDocumentUri", "gid://shopstream/InventorySync/" + UUID.nameUUIDFromBytes(
                        writeBack.id().getBytes(StandardCharsets.UTF_8)))
                .put("quantities", new JsonArray().add(quantity));
        String key = writeBack.idempotencyKey(quantity.encode());
        return GraphQlOperation.mutation("SyncAvailable", SET, new JsonObject().put("input", input).put("key", key));
    }

    private Uni<Void> expectEcho(WriteBack writeBack, Level level, int wanted) {
        long item = Gids.numericId(level.itemGid());
        return sessions.withTransaction(session -> session.createNativeQuery(FORGET_EXPIRED)
                .setParameter("shop", writeBack.shop()).setParameter("item", item).executeUpdate()
                .chain(() -> session.createNativeQuery(EXPECT).setParameter("shop", writeBack.shop())
                        .setParameter("item", item).setParameter("location", writeBack.data().getLong("location_id"))
                        .setParameter("quantity", wanted).setParameter("id", writeBack.id())
                        .setParameter("window", (double) config.echoWindow().toSeconds()).executeUpdate()))
                .replaceWithVoid();
    }
}
