package io.shopstream.devservices.sender;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Posts signed webhooks to a URL with {@link HttpClient}'s asynchronous API. Up to {@code concurrency} requests are
 * in flight, at most one per shop: one shop's webhooks go in the plan's order (so a planned out-of-order update does
 * arrive after the newer one), different shops' in parallel.
 */
final class WebhookSender {

    private final HttpClient client;
    private final Duration timeout;

    WebhookSender(Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.timeout = timeout;
    }

    SendSummary send(URI url, List<SignedWebhook> webhooks, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        Map<String, Deque<SignedWebhook>> byShop = new LinkedHashMap<>();
        for (SignedWebhook webhook : webhooks) {
            byShop.computeIfAbsent(String.valueOf(webhook.shop()), shop -> new ArrayDeque<>()).add(webhook);
        }
        Queue<Deque<SignedWebhook>> shops = new ConcurrentLinkedQueue<>(byShop.values());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(webhooks.size()));
        SortedMap<String, Integer> statuses = Collections.synchronizedSortedMap(new TreeMap<>());

        long start = System.nanoTime();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(concurrency, byShop.size()); i++) {
            lanes.add(lane(url, shops, null, latencies, statuses));
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        return SendSummary.of(nanos, new TreeMap<>(statuses), elapsed);
    }

    /** Sends the current shop's webhooks one after the other, then takes the next shop, until none is left. */
    private CompletableFuture<Void> lane(URI url, Queue<Deque<SignedWebhook>> shops, Deque<SignedWebhook> current,
            List<Long> latencies, Map<String, Integer> statuses) {
        Deque<SignedWebhook> queue = current == null || current.isEmpty() ? shops.poll() : current;
        if (queue == null) {
            return CompletableFuture.completedFuture(null);
        }
        SignedWebhook webhook = queue.poll();
        long sent = System.nanoTime();
        return client.sendAsync(request(url, webhook), HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    latencies.add(System.nanoTime() - sent);
                    String status = failure == null ? String.valueOf(response.statusCode()) : "error";
                    statuses.merge(status, 1, Integer::sum);
                    return null;
                })
                .thenCompose(ignored -> lane(url, shops, queue, latencies, statuses));
    }

    private HttpRequest request(URI url, SignedWebhook webhook) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()));
        webhook.headers().forEach(request::header);
        return request.build();
    }
}
