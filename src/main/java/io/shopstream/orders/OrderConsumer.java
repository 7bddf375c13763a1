package io.shopstream.orders;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import io.shopstream.orders.OrderEnrichment.Change;
import io.shopstream.orders.OrderRepository.Versioned;
import io.shopstream.shopify.Gids;
import io.shopstream.processing.Delivery;
import io.shopstream.processing.DeliveryProcessor;
import io.shopstream.processing.Outcome;
import io.shopstream.support.json.ShopifyJson;
import io.shopstream.writeback.WritableShops;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackConfig;
import io.shopstream.writeback.WriteBacks;
import io.vertx.core.json.JsonObject;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Applies {@code shopify.orders.v1} to the orders model, a poll's batch at a time. Channel "orders-in" reads that
 * topic. Within a batch, deletions go first (so their tombstones stop older versions), then the newest version of
 * each order is upserted in one statement, then refunds and edits; enriched events are built last, from the state
 * the batch leaves.
 */
@ApplicationScoped
public class OrderConsumer {

    public static final String CHANNEL = "orders-in";

    private static final Comparator<Versioned> VERSION = Comparator
            .comparing((Versioned v) -> v.order().updatedAt().toInstant())
            .thenComparing(v -> v.delivery().triggeredOrEpoch());

    private final DeliveryProcessor processor;
    private final OrderRepository orders;
    private final OrderEnrichment enrichment;
    private final WriteBacks writeBacks;
    private final WritableShops writableShops;
    private final boolean refreshOrders;

    public OrderConsumer(DeliveryProcessor processor, OrderRepository orders, OrderEnrichment enrichment,
            WriteBacks writeBacks, WritableShops writableShops, WriteBackConfig config) {
        this.processor = processor;
        this.orders = orders;
        this.enrichment = enrichment;
        this.writeBacks = writeBacks;
        this.writableShops = writableShops;
        this.refreshOrders = config.enabled() && config.orderRefresh().enabled();
    }

    /** An edited order is read again through the Admin API ({@link OrderRefreshWriteBack}). */
    private static WriteBack refresh(Delivery delivery, OrderEditPayload edit) {
        return new WriteBack(delivery.webhookId() + '/' + OrderRefreshWriteBack.KIND + '/' + edit.orderId(),
                OrderRefreshWriteBack.KIND, delivery.shopDomain(), Gids.of("Order", edit.orderId()),
                delivery.correlationId(), Instant.now(),
                new JsonObject().put("order_id", edit.orderId()).put("edit_id", edit.id()));
    }

    /** The refreshes of shops Shopstream can read (edits are rare: one query per shop of the batch). */
    private Uni<List<WriteBack>> writable(Mutiny.Session session, List<WriteBack> refreshes) {
        List<WriteBack> wanted = new ArrayList<>();
        Uni<Void> checks = Uni.createFrom().voidItem();
        for (String shop : refreshes.stream().map(WriteBack::shop).distinct().toList()) {
            checks = checks.chain(() -> writableShops.writable(session, shop))
                    .invoke(writable -> {
                        if (writable) {
                            refreshes.stream().filter(w -> w.shop().equals(shop)).forEach(wanted::add);
                        }
                    }).replaceWithVoid();
        }
        return checks.replaceWith(wanted);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return processor.process(batch, this::applyAll, (session, delivery) -> applyAll(session, List.of(delivery))
                .map(outcomes -> outcomes.get(0)));
    }

    Uni<List<Outcome>> applyAll(Mutiny.Session session, List<Delivery> deliveries) {
        Outcome[] outcomes = new Outcome[deliveries.size()];
        Map<String, Versioned> newest = new LinkedHashMap<>();
        // by identity: a record's own hashCode would hash the whole payload, line items included
        Map<Versioned, Integer> positions = new IdentityHashMap<>();
        List<Integer> deletes = new ArrayList<>();
        List<Integer> refunds = new ArrayList<>();
        List<Integer> edits = new ArrayList<>();
        // Everything is parsed before anything is written: a poison payload fails the batch before it starts,
        // and the processor then applies the batch record by record to find it.
        RefundPayload[] refundPayloads = new RefundPayload[deliveries.size()];
        OrderEditPayload[] editPayloads = new OrderEditPayload[deliveries.size()];
        long[] deletedIds = new long[deliveries.size()];
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery delivery = deliveries.get(i);
            switch (delivery.topic()) {
                case "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled",
                        "orders/partially_fulfilled" -> {
                    Versioned candidate = new Versioned(delivery,
                            OrderPayload.parse(delivery.body()));
                    positions.put(candidate, i);
                    Versioned kept = newest.get(candidate.key());
                    if (kept == null || VERSION.compare(candidate, kept) > 0) {
                        if (kept != null) {
                            outcomes[positions.get(kept)] = Outcome.STALE;
                        }
                        newest.put(candidate.key(), candidate);
                    } else {
                        outcomes[i] = Outcome.STALE;
                    }
                }
                case "refunds/create" -> {
                    refundPayloads[i] = RefundPayload.from(ShopifyJson.parseObject(delivery.body()));
                    refunds.add(i);
                }
                case "orders/edited" -> {
                    editPayloads[i] = OrderEditPayload.from(ShopifyJson.parseObject(delivery.body()));
                    edits.add(i);
                }
                case "orders/delete" -> {
                    deletedIds[i] = ShopifyJson.requiredId(ShopifyJson.parseObject(delivery.body()), "id");
                    deletes.add(i);
                }
                // fulfillments/*, order_transactions/* and newer order topics: kept in the ledger, not modelled yet.
                default -> outcomes[i] = Outcome.RECORDED;
            }
        }
        List<Change> changes = new ArrayList<>();

        Uni<Void> work = Uni.createFrom().voidItem();
        for (int i : deletes) {
            Delivery delivery = deliveries.get(i);
            OffsetDateTime deletedAt = delivery.effectiveAt();
            work = work.chain(() -> orders.delete(session, delivery.shopDomain(), deletedIds[i], deletedAt))
                    .invoke(() -> outcomes[i] = Outcome.APPLIED);
        }
        List<Versioned> upserts = List.copyOf(newest.values());
        work = work.chain(() -> orders.upsertAll(session, upserts)).invoke(applied -> {
            for (Versioned v : upserts) {
                boolean changed = applied.contains(v.key());
                outcomes[positions.get(v)] = changed ? Outcome.APPLIED : Outcome.STALE;
                if (changed) {
                    changes.add(new Change(v.delivery(), v.order().id()));
                }
            }
        }).replaceWithVoid();
        for (int i : refunds) {
            work = work.chain(() -> orders.addRefund(session, deliveries.get(i).shopDomain(), refundPayloads[i]))
                    .invoke(added -> {
                        outcomes[i] = added ? Outcome.APPLIED : Outcome.STALE;
                        if (added) {
                            changes.add(new Change(deliveries.get(i), refundPayloads[i].orderId()));
                        }
                    }).replaceWithVoid();
        }
        List<WriteBack> refreshes = new ArrayList<>();
        for (int i : edits) {
            work = work.chain(() -> orders.recordEdit(session, deliveries.get(i).shopDomain(), editPayloads[i]))
                    .invoke(added -> {
                        outcomes[i] = added ? Outcome.RECORDED : Outcome.STALE;
                        if (added && refreshOrders) {
                            refreshes.add(refresh(deliveries.get(i), editPayloads[i]));
                        }
                    }).replaceWithVoid();
        }
        if (!edits.isEmpty() && refreshOrders) {
            work = work.chain(() -> writable(session, refreshes)).chain(wanted -> writeBacks.record(session, wanted));
        }
        return work.chain(() -> enrichment.publish(session, changes)).map(done -> Arrays.asList(outcomes));
    }
}
