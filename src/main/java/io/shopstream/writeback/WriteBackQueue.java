package io.shopstream.writeback;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The write-backs an instance holds, and when each may start. Pure bookkeeping, no I/O:
 * <ul>
 * <li>write-backs of one entity (an order, an inventory item) start one after another, in the order received;</li>
 * <li>a shop has at most {@code perShop} in progress (the Admin API client paces them against the shop's budget; a
 * slow or throttled shop holds only its own lanes, never another shop's);</li>
 * <li>the instance holds at most {@code capacity}: {@link #hasRoom()} tells the consumer whether to read on;</li>
 * <li>when a partition moves to another instance, its waiting write-backs are dropped (the new owner reads them
 * again from the last committed offset) and {@link #inProgress(Collection)} says which are still running.</li>
 * </ul>
 * Thread-safe; {@code start} runs outside the lock.
 */
final class WriteBackQueue<T extends WriteBackQueue.Queued> {

    /** What the queue needs to know of a write-back. */
    interface Queued {
        String shop();

        String entity();

        /** The partition it was read from, as {@code topic-partition}. */
        String partition();

        Instant createdAt();
    }

    private final int capacity;
    private final int perShop;
    private final Consumer<T> start;
    private final Map<String, Lanes<T>> shops = new HashMap<>();
    private final Map<T, Boolean> running = new IdentityHashMap<>();
    private int held;

    WriteBackQueue(int capacity, int perShop, Consumer<T> start) {
        this.capacity = capacity;
        this.perShop = perShop;
        this.start = start;
    }

    /** Takes a write-back; it starts now or when its entity's and its shop's earlier ones allow. */
    void add(T item) {
        List<T> startable;
        synchronized (this) {
            held++;
            Lanes<T> lanes = shops.computeIfAbsent(item.shop(), shop -> new Lanes<>());
            lanes.add(item);
            startable = lanes.next(perShop, running);
        }
        startable.forEach(start);
    }

    /** A started write-back ended (whatever the outcome): the next ones of its entity and shop may start. */
    void finished(T item) {
        List<T> startable;
        synchronized (this) {
            if (running.remove(item) == null) {
                return;
            }
            held--;
            Lanes<T> lanes = shops.get(item.shop());
            lanes.finished(item);
            startable = lanes.next(perShop, running);
            if (lanes.isEmpty()) {
                shops.remove(item.shop());
            }
        }
        startable.forEach(start);
    }

    synchronized boolean hasRoom() {
        return held < capacity;
    }

    /** Write-backs held: waiting or in progress. */
    synchronized int size() {
        return held;
    }

    /** When the oldest write-back held was recorded, or null when none is held. */
    synchronized Instant oldest() {
        Instant oldest = null;
        for (T item : running.keySet()) {
            oldest = older(oldest, item.createdAt());
        }
        for (Lanes<T> lanes : shops.values()) {
            for (ArrayDeque<T> waiting : lanes.waiting.values()) {
                for (T item : waiting) {
                    oldest = older(oldest, item.createdAt());
                }
            }
        }
        return oldest;
    }

    /** Drops the waiting write-backs of these partitions; returns how many. */
    int dropWaiting(Collection<String> partitions) {
        return dropWaiting(item -> partitions.contains(item.partition()));
    }

    /** Drops every waiting write-back (shutting down); returns how many. */
    int dropAllWaiting() {
        return dropWaiting(item -> true);
    }

    private int dropWaiting(Predicate<? super T> which) {
        synchronized (this) {
            int dropped = 0;
            for (Iterator<Lanes<T>> it = shops.values().iterator(); it.hasNext();) {
                Lanes<T> lanes = it.next();
                dropped += lanes.drop(which);
                if (lanes.isEmpty()) {
                    it.remove();
                }
            }
            held -= dropped;
            return dropped;
        }
    }

    /** The write-backs in progress that were read from these partitions. */
    synchronized List<T> inProgress(Collection<String> partitions) {
        List<T> found = new ArrayList<>();
        for (T item : running.keySet()) {
            if (partitions.contains(item.partition())) {
                found.add(item);
            }
        }
        return found;
    }

    private static Instant older(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** One shop's write-backs: waiting per entity, entities ready to start in arrival order, entities busy. */
    private static final class Lanes<T extends Queued> {
        final Map<String, ArrayDeque<T>> waiting = new HashMap<>();
        final ArrayDeque<String> ready = new ArrayDeque<>();
        final Set<String> busy = new HashSet<>();

        void add(T item) {
            ArrayDeque<T> queue = waiting.computeIfAbsent(item.entity(), entity -> new ArrayDeque<>());
            queue.add(item);
            if (queue.size() == 1 && !busy.contains(item.entity())) {
                ready.add(item.entity());
            }
        }

        List<T> next(int perShop, Map<T, Boolean> running) {
            List<T> startable = new ArrayList<>();
            while (busy.size() < perShop && !ready.isEmpty()) {
                String entity = ready.poll();
                ArrayDeque<T> queue = waiting.get(entity);
                T item = queue.poll();
                if (queue.isEmpty()) {
                    waiting.remove(entity);
                }
                busy.add(entity);
                running.put(item, Boolean.TRUE);
                startable.add(item);
            }
            return startable;
        }

        void finished(T item) {
            busy.remove(item.entity());
            if (waiting.containsKey(item.entity())) {
                ready.add(item.entity());
            }
        }

        int drop(Predicate<? super T> which) {
            int dropped = 0;
            for (Iterator<ArrayDeque<T>> it = waiting.values().iterator(); it.hasNext();) {
                ArrayDeque<T> queue = it.next();
                int before = queue.size();
                queue.removeIf(which);
                dropped += before - queue.size();
                if (queue.isEmpty()) {
                    it.remove();
                }
            }
            ready.removeIf(entity -> !waiting.containsKey(entity));
            return dropped;
        }

        boolean isEmpty() {
            return waiting.isEmpty() && busy.isEmpty();
        }
    }
}
