package io.shopstream.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopstream.shopify.AccessToken;
import io.shopstream.shopify.ClientSettings;
import io.shopstream.shopify.CredentialsSource;
import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.PlanLimits;
import io.shopstream.shopify.Plans;
import io.shopstream.shopify.ShopCredentials;
import io.shopstream.shopify.ShopifyAdminClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The write-back benchmark: a backlog of 10-point mutations ({@code tagsAdd}) per shop against the simulator
 * (Standard plan: 2,000 points, 100 points/s), for 1, 50 and 1,000 shops, with Shopstream's paced client and with a
 * naive client (a fixed semaphore of 10 requests in flight, retrying a THROTTLED request after
 * {@code (requested - available) / restoreRate}). Every shop's bucket is drained before the run, so the measurement
 * is steady state; the first {@code warmup} seconds are left out.
 * <p>
 * Each shop keeps {@code depth} calls enqueued: when one is applied, the next is enqueued. Reported per run: calls/s,
 * achieved points/s per shop as a share of the restore rate (min/median/max), THROTTLED responses (all, and in the
 * measured window), p50/p99 from enqueue to applied, heap, CPU of this JVM and of the simulator.
 * <p>
 * Arguments: {@code simulator=http://127.0.0.1:8089 sim-pid=N shops=1,50,1000 duration=60 warmup=5 depth=20
 * clients=paced,naive permits=10}.
 */
public final class WritebackBench {

    private static final double COST = 10;
    private static final double RESTORE_RATE = PlanLimits.STANDARD.restoreRate();
    private static final String TAGS_ADD = "mutation AddTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, "
            + "tags: $tags) { node { id } userErrors { field message } } }";
    private static final String ORDER = "gid://shopify/Order/6123456789012";

    private record Run(String client, int shops, double seconds, long applied, double[] percentOfRate,
            long throttledAll, long throttledWindow, double p50, double p99, long heapMb, double cpuPercent,
            double simCpuPercent) {
    }

    /** A single shop's load: calls in flight, applied in the window, latencies. */
    private static final class Load {
        final AtomicLong applied = new AtomicLong();
    }

    private final Vertx vertx = Vertx.vertx();
    private final String simulator;
    private final long simPid;
    private final WebClient admin;
    private final Duration duration;
    private final Duration warmup;
    private final int depth;
    private final int permits;
    private volatile long windowStart;
    private volatile long windowEnd;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong throttledInWindow = new AtomicLong();

    private WritebackBench(BenchArgs args) {
        this.simulator = args.get("simulator", "http://127.0.0.1:8089");
        this.simPid = args.longValue("sim-pid", -1);
        this.duration = Duration.ofSeconds(args.longValue("duration", 60));
        this.warmup = Duration.ofSeconds(args.longValue("warmup", 5));
        this.depth = args.integer("depth", 20);
        this.permits = args.integer("permits", 10);
        this.admin = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(200));
    }

    public static void main(String[] args) {
        BenchArgs arguments = new BenchArgs(args);
        WritebackBench bench = new WritebackBench(arguments);
        List<Run> runs = new ArrayList<>();
        int round = 0;
        for (String shops : arguments.get("shops", "1,50,1000").split(",")) {
            for (String client : arguments.get("clients", "paced,naive").split(",")) {
                runs.add(bench.run(client.trim(), Integer.parseInt(shops.trim()), round++));
            }
        }
        System.out.println();
        System.out.println("| Client | Shops | Calls/s | Points/s per shop, % of restore rate (min / median / max) "
                + "| THROTTLED (all / in window) | Enqueue to applied p50 / p99 | Heap used (max) | CPU bench JVM "
                + "| CPU simulator |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.1f%% / %.1f%% / %.1f%% | %d / %d | %.2f s / %.2f s "
                    + "| %d MB | %.0f%% | %.0f%% |%n", run.client(), run.shops(), run.applied() / run.seconds(),
                    run.percentOfRate()[0], run.percentOfRate()[1], run.percentOfRate()[2], run.throttledAll(),
                    run.throttledWindow(), run.p50(), run.p99(), run.heapMb(), run.cpuPercent(), run.simCpuPercent());
        }
        bench.vertx.closeAndAwait();
        System.exit(0);
    }

    private Run run(String client, int shopCount, int round) {
        List<String> shops = new ArrayList<>();
        for (int i = 0; i < shopCount; i++) {
            shops.add(String.format(Locale.ROOT, "bench-r%d-%s-%04d.myshopify.com", round, client, i));
        }
        // drain every bucket: the steady state starts at once
        Uni.join().all(shops.stream().map(shop -> admin.putAbs(simulator + "/_simulator/shops/" + shop)
                .sendJsonObject(new JsonObject().put("currentlyAvailable", 0)
                        .put("orders", new JsonArray().add(new JsonObject().put("id", ORDER).put("name", "#1")))))
                .toList()).usingConcurrencyOf(50).andFailFast().await().indefinitely();
        // per run: calls of an earlier run that finish late enqueue nothing
        java.util.concurrent.atomic.AtomicBoolean runStopped = new java.util.concurrent.atomic.AtomicBoolean();
        latencies.clear();
        throttled.set(0);
        throttledInWindow.set(0);
        Map<String, Load> loads = new ConcurrentHashMap<>();
        shops.forEach(shop -> loads.put(shop, new Load()));
        System.gc();
        long start = System.nanoTime();
        windowStart = start + warmup.toNanos();
        windowEnd = windowStart + duration.toNanos();
        System.err.printf("[bench] %s client, %d shop(s): %d s warm-up, %d s measured%n", client, shopCount,
                warmup.toSeconds(), duration.toSeconds());
        Sender sender = client.equals("naive") ? new NaiveSender() : new PacedSender();
        for (String shop : shops) {
            for (int i = 0; i < depth; i++) {
                enqueue(sender, shop, loads.get(shop), runStopped);
            }
        }
        long heapMax = 0;
        double cpuAtStart = 0;
        double simCpuAtStart = 0;
        boolean inWindow = false;
        long throttledBefore = 0;
        while (System.nanoTime() < windowEnd) {
            sleep(Duration.ofMillis(200));
            if (!inWindow && System.nanoTime() >= windowStart) {
                inWindow = true;
                cpuAtStart = cpuSeconds();
                simCpuAtStart = simPid > 0 ? ProcCpu.process(simPid) : 0;
                throttledBefore = throttled.get();
                loads.values().forEach(load -> load.applied.set(0));
                latencies.clear();
            }
            heapMax = Math.max(heapMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        double seconds = duration.toNanos() / 1e9;
        double cpu = (cpuSeconds() - cpuAtStart) / seconds * 100;
        double simCpu = simPid > 0 ? (ProcCpu.process(simPid) - simCpuAtStart) / seconds * 100 : Double.NaN;
        long windowThrottled = throttled.get() - throttledBefore;
        runStopped.set(true);
        double[] percent = loads.values().stream()
                .mapToDouble(load -> load.applied.get() * COST / seconds / RESTORE_RATE * 100).sorted().toArray();
        long applied = loads.values().stream().mapToLong(load -> load.applied.get()).sum();
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        sender.close();
        sleep(Duration.ofSeconds(2));
        return new Run(client, shopCount, seconds, applied,
                new double[] {percent[0], percent[percent.length / 2], percent[percent.length - 1]},
                throttled.get(), windowThrottled, percentile(sorted, 0.5), percentile(sorted, 0.99),
                heapMax / (1024 * 1024), cpu, simCpu);
    }

    private void enqueue(Sender sender, String shop, Load load, java.util.concurrent.atomic.AtomicBoolean runStopped) {
        if (runStopped.get()) {
            return;
        }
        long enqueued = System.nanoTime();
        sender.send(shop).subscribe().with(ignored -> {
            long now = System.nanoTime();
            if (now >= windowStart && now < windowEnd) {
                load.applied.incrementAndGet();
                latencies.add(now - enqueued);
            }
            enqueue(sender, shop, load, runStopped);
        }, failure -> {
            if (!runStopped.get()) {
                System.err.println("[bench] call failed: " + failure);
            }
            enqueue(sender, shop, load, runStopped);
        });
    }

    private void countThrottle() {
        throttled.incrementAndGet();
        long now = System.nanoTime();
        if (now >= windowStart && now < windowEnd) {
            throttledInWindow.incrementAndGet();
        }
    }

    private interface Sender {
        Uni<?> send(String shop);

        void close();
    }

    /** Shopstream's client. */
    private final class PacedSender implements Sender {
        private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        private final ShopifyAdminClient client;
        private double throttlesSeen;

        PacedSender() {
            ClientSettings settings = new ClientSettings("2026-07", simulator + "/{shop}", Plans.builtIn(),
                    100_000, 50, 10, Duration.ofSeconds(1), 100, 5, Duration.ofMillis(200), Duration.ofSeconds(5),
                    Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(10));
            CredentialsSource credentials = new CredentialsSource() {
                @Override
                public Uni<ShopCredentials> credentials(String shop) {
                    return Uni.createFrom().item(new ShopCredentials(shop, new AccessToken("shpat_bench"), "standard",
                            ShopCredentials.Source.CONFIG, null));
                }

                @Override
                public Uni<Boolean> active(String shop) {
                    // the benchmark's shops are simulated and always installed
                    return Uni.createFrom().item(true);
                }

                @Override
                public void markInvalid(String shop, String correlationId) {
                }
            };
            client = new ShopifyAdminClient(vertx, settings, credentials, registry);
        }

        @Override
        public Uni<?> send(String shop) {
            return client.graphql(shop, operation(), "bench").invoke(() -> {
                double now = registry.counter("shopstream.admin.api.throttles", "api", "graphql").count();
                synchronized (this) {
                    while (throttlesSeen < now) {
                        throttlesSeen++;
                        countThrottle();
                    }
                }
            });
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * The pattern of the article: at most {@code permits} requests in flight across all shops; a THROTTLED request
     * keeps its permit, waits {@code (requested - available) / restoreRate} and is sent again.
     */
    private final class NaiveSender implements Sender {
        private final WebClient web = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(100));
        private final Deque<Runnable> waiting = new ArrayDeque<>();
        private int free = permits;

        @Override
        public Uni<?> send(String shop) {
            return Uni.createFrom().emitter(emitter -> acquire(() -> attempt(shop, emitter::complete)));
        }

        private void attempt(String shop, java.util.function.Consumer<Object> done) {
            web.postAbs(simulator + "/" + shop + "/admin/api/2026-07/graphql.json")
                    .putHeader("X-Shopify-Access-Token", "shpat_bench")
                    .sendJsonObject(new JsonObject().put("query", TAGS_ADD).put("variables", variables()))
                    .subscribe().with(response -> {
                        JsonObject body = response.bodyAsJsonObject();
                        JsonArray errors = body.getJsonArray("errors");
                        if (errors != null && "THROTTLED".equals(errors.getJsonObject(0)
                                .getJsonObject("extensions").getString("code"))) {
                            countThrottle();
                            JsonObject status = body.getJsonObject("extensions").getJsonObject("cost")
                                    .getJsonObject("throttleStatus");
                            double wait = Math.max(0, COST - status.getDouble("currentlyAvailable"))
                                    / status.getDouble("restoreRate");
                            vertx.setTimer(Math.max(1, (long) Math.ceil(wait * 1000)), id -> attempt(shop, done));
                            return;
                        }
                        release();
                        done.accept(body);
                    }, failure -> {
                        release();
                        done.accept(failure);
                    });
        }

        private void acquire(Runnable action) {
            synchronized (this) {
                if (free == 0) {
                    waiting.add(action);
                    return;
                }
                free--;
            }
            action.run();
        }

        private void release() {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    free++;
                    return;
                }
            }
            next.run();
        }

        @Override
        public void close() {
            web.close();
        }
    }

    private static GraphQlOperation operation() {
        return GraphQlOperation.mutation("AddTags", TAGS_ADD, variables());
    }

    private static JsonObject variables() {
        return new JsonObject().put("id", ORDER).put("tags", new JsonArray().add("shopstream-bench"));
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e9;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
