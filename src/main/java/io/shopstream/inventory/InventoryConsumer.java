package io.shopstream.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.products.LowStockRule;
import io.shopstream.processing.Delivery;
import io.shopstream.processing.DeliveryProcessor;
import io.shopstream.processing.Outcome;
import io.shopstream.processing.PoisonRecordException;
import io.shopstream.support.json.ShopifyJson;
import io.shopstream.support.outbox.EventSource;
import io.shopstream.support.outbox.Outbox;
import io.shopstream.support.outbox.OutboxEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Applies {@code shopify.inventory.v1} to levels and items. Channel "inventory-in" reads that topic. */
@ApplicationScoped
public class InventoryConsumer {

    public static final String CHANNEL = "inventory-in";

    private final DeliveryProcessor processor;
    private final InventoryRepository inventory;
    private final Outbox outbox;
    private final InventoryConfig config;
    private final InventorySyncRule sync;
    private final LowStockRule lowStock;

    public InventoryConsumer(DeliveryProcessor processor, InventoryRepository inventory, Outbox outbox,
            InventoryConfig config, InventorySyncRule sync, LowStockRule lowStock) {
        this.processor = processor;
        this.inventory = inventory;
        this.outbox = outbox;
        this.config = config;
        this.sync = sync;
        this.lowStock = lowStock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return processor.process(batch, this::apply);
    }

    Uni<Outcome> apply(Mutiny.Session session, Delivery delivery) {
        return switch (delivery.topic()) {
            case "inventory_levels/update", "inventory_levels/connect" -> setLevel(session, delivery);
            case "inventory_levels/disconnect" -> disconnect(session, delivery);
            case "inventory_items/create", "inventory_items/update" -> upsertItem(session, delivery);
            case "inventory_items/delete" -> deleteItem(session, delivery);
            default -> Uni.createFrom().item(Outcome.RECORDED);
        };
    }

    private Uni<Outcome> setLevel(Mutiny.Session session, Delivery delivery) {
        InventoryLevelPayload level = InventoryLevelPayload.from(ShopifyJson.parseObject(delivery.body()));
        OffsetDateTime version = version(level.updatedAt(), delivery);
        return inventory.upsertLevel(session, delivery.shopDomain(), level, version, delivery.triggeredAt())
                .chain(change -> change.isEmpty()
                        ? Uni.createFrom().item(Outcome.STALE)
                        : inventory.skuOf(session, delivery.shopDomain(), level.inventoryItemId())
                                .call(sku -> outbox.add(session, event(delivery, level, version, sku, change.get())))
                                .call(sku -> sync.levelChanged(session, delivery, level.inventoryItemId(),
                                        level.locationId(), sku, change.get().available()))
                                .call(() -> lowStock.levelChanged(session, delivery, level.inventoryItemId()))
                                .replaceWith(Outcome.APPLIED));
    }

    private OutboxEvent event(Delivery delivery, InventoryLevelPayload level, OffsetDateTime version, String sku,
            InventoryRepository.LevelChange change) {
        Integer previous = change.existed() ? change.previous() : null;
        InventoryChangeEvent event = new InventoryChangeEvent(InventoryChangeEvent.SCHEMA_VERSION,
                delivery.shopDomain(), level.inventoryItemId(), level.locationId(), sku, previous, change.available(),
                InventoryChangeEvent.delta(previous, change.available()),
                change.available() != null && change.available() <= config.lowStockThreshold(),
                version.toInstant().toString(),
                EventSource.of(delivery));
        return new OutboxEvent(InventoryChangeEvent.TOPIC, delivery.shopDomain(),
                delivery.webhookId() + "/inventory-changed", InventoryChangeEvent.CE_TYPE,
                "https://" + delivery.shopDomain(), OffsetDateTime.now(ZoneOffset.UTC), delivery.correlationId(),
                outbox.toJson(event));
    }

    private Uni<Outcome> disconnect(Mutiny.Session session, Delivery delivery) {
        InventoryLevelPayload level = InventoryLevelPayload.from(ShopifyJson.parseObject(delivery.body()));
        return inventory.deleteLevel(session, delivery.shopDomain(), level, version(level.updatedAt(), delivery))
                .map(deleted -> deleted ? Outcome.APPLIED : Outcome.STALE);
    }

    private Uni<Outcome> upsertItem(Mutiny.Session session, Delivery delivery) {
        InventoryItemPayload item = InventoryItemPayload.from(ShopifyJson.parseObject(delivery.body()));
        return inventory.upsertItem(session, delivery.shopDomain(), item, version(item.updatedAt(), delivery),
                delivery.triggeredAt()).map(applied -> applied ? Outcome.APPLIED : Outcome.STALE);
    }

    private Uni<Outcome> deleteItem(Mutiny.Session session, Delivery delivery) {
        long id = ShopifyJson.requiredId(ShopifyJson.parseObject(delivery.body()), "id");
        return inventory.deleteItem(session, delivery.shopDomain(), id, version(null, delivery))
                .map(deleted -> deleted ? Outcome.APPLIED : Outcome.STALE);
    }

    /** The payload's own time when it has one, else when Shopify triggered the webhook. */
    static OffsetDateTime version(OffsetDateTime payloadTime, Delivery delivery) {
        if (payloadTime != null) {
            return payloadTime;
        }
        if (delivery.triggeredAt() != null) {
            return delivery.triggeredAt();
        }
        throw new PoisonRecordException("neither updated_at nor shopify-triggered-at dates this change");
    }
}
