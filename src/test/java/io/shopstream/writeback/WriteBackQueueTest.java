package io.shopstream.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class WriteBackQueueTest {

    record Item(String name, String shop, String entity, String partition, Instant createdAt)
            implements WriteBackQueue.Queued {
    }

    private final List<Item> started = new ArrayList<>();

    private static Item item(String name, String shop, String entity) {
        return new Item(name, shop, entity, "shopstream.writebacks.v1-0", Instant.parse("2026-11-26T10:00:00Z"));
    }

    private List<String> startedNames() {
        return started.stream().map(Item::name).toList();
    }

    @Test
    void writeBacksOfOneEntityRunOneAfterAnotherInOrder() {
        WriteBackQueue<Item> queue = new WriteBackQueue<>(100, 10, started::add);
        Item first = item("a1", "s", "order/1");
        queue.add(first);
        queue.add(item("a2", "s", "order/1"));
        queue.add(item("b1", "s", "order/2"));

        assertThat(startedNames()).containsExactly("a1", "b1");
        queue.finished(first);
        assertThat(startedNames()).containsExactly("a1", "b1", "a2");
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void aShopHasAtMostItsShareInProgressAndAnotherShopIsNotHeldBack() {
        WriteBackQueue<Item> queue = new WriteBackQueue<>(100, 2, started::add);
        queue.add(item("s1", "slow", "e1"));
        queue.add(item("s2", "slow", "e2"));
        queue.add(item("s3", "slow", "e3"));
        queue.add(item("f1", "fast", "e1"));

        assertThat(startedNames()).containsExactly("s1", "s2", "f1");
        queue.finished(started.get(0));
        assertThat(startedNames()).containsExactly("s1", "s2", "f1", "s3");
    }

    @Test
    void roomIsTheCapacityLessWhatIsHeld() {
        WriteBackQueue<Item> queue = new WriteBackQueue<>(2, 10, started::add);
        queue.add(item("a", "s", "e1"));
        assertThat(queue.hasRoom()).isTrue();
        queue.add(item("b", "s", "e1"));
        assertThat(queue.hasRoom()).isFalse();
        queue.finished(started.get(0));
        assertThat(queue.hasRoom()).isTrue();
    }

    @Test
    void aHandOverDropsWhatWaitsOnThePartitionAndReportsWhatRuns() {
        WriteBackQueue<Item> queue = new WriteBackQueue<>(100, 1, started::add);
        Item running = new Item("r", "s", "e1", "t-0", Instant.now());
        queue.add(running);
        queue.add(new Item("w0", "s", "e2", "t-0", Instant.now()));
        queue.add(new Item("w1", "s", "e3", "t-1", Instant.now()));

        assertThat(queue.dropWaiting(List.of("t-0"))).isEqualTo(1);
        assertThat(queue.inProgress(List.of("t-0"))).containsExactly(running);
        assertThat(queue.size()).isEqualTo(2);

        queue.finished(running);
        assertThat(startedNames()).containsExactly("r", "w1");
    }

    @Test
    void finishingTwiceCountsOnce() {
        WriteBackQueue<Item> queue = new WriteBackQueue<>(100, 1, started::add);
        Item one = item("a", "s", "e");
        queue.add(one);
        queue.finished(one);
        queue.finished(one);
        assertThat(queue.size()).isZero();
    }

    @Test
    void theOldestHeldIsTheEarliestRecorded() {
        WriteBackQueue<Item> queue = new WriteBackQueue<>(100, 1, started::add);
        assertThat(queue.oldest()).isNull();
        queue.add(new Item("new", "s", "e1", "t-0", Instant.parse("2026-11-26T10:05:00Z")));
        queue.add(new Item("old", "s", "e2", "t-0", Instant.parse("2026-11-26T10:01:00Z")));
        assertThat(queue.oldest()).isEqualTo(Instant.parse("2026-11-26T10:01:00Z"));
    }
}
