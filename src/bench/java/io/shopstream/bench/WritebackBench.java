package io.shopstream.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.shopstream.devservices.sender.BenchArgs;
import io.shopstream.shopify.PlanLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The write-back benchmark: a backlog of 10-point mutations ({@code tagsAdd}) per shop against the simulator
 * (Standard plan: 2,000 points, 100 points/s), for each shop count, with Shopstream's paced client and a naive client
 * ({@link NaiveSender}) one after the other in the same JVM. Every shop's bucket is drained before its run; the first
 * {@code warmup} seconds of a run are left out, then {@code duration} seconds are measured.
 * <p>
 * Each shop keeps {@code depth} calls enqueued: when one is applied, the next is enqueued. Per run: calls/s; each
 * shop's achieved points/s as a share of the restore rate (min/median/max, slowest/fastest); THROTTLED on a shop's
 * first response and after it (over the whole run, warm-up included; the simulator's own count cross-checks);
 * p50/p99 from enqueue to applied; the mean bucket level at the start and end of the window (a level that falls
 * means the window spent a reserve built up during the warm-up, i.e. not steady state); the largest heap used; CPU
 * of this JVM and of the simulator's, as a share of all cores and per call.
 * <p>
 * Arguments: {@code simulator=http://127.0.0.1:18089 sim-pid=N shops=1,50,1000 duration=60 warmup=20 depth=20
 * clients=paced,naive permits=10}. Prints a Markdown table and one {@code RESULT {json}} line per run.
 */
public final class WritebackBench {

    private static final double COST = 10;
    private static final double RESTORE_RATE = PlanLimits.STANDARD.restoreRate();
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private record Run(String client, int shops, double seconds, long applied, double[] percent, double[] net,
            long throttledFirst,
            long throttledAfter, long throttledSimulator, double p50, double p99, double levelStart, double levelEnd,
            long heapMb, double cpuSeconds, double simCpuSeconds, long failures) {

        double callsPerSecond() {
            return applied / seconds;
        }

        double cpuPercent() {
            return cpuSeconds / seconds / CORES * 100;
        }

        double simCpuPercent() {
            return simCpuSeconds / seconds / CORES * 100;
        }

        double cpuMsPerCall() {
            return applied == 0 ? Double.NaN : cpuSeconds * 1000 / applied;
        }

        double slowestToFastest() {
            return percent[2] == 0 ? 0 : percent[0] / percent[2];
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final String simulator;
    private final long simPid;
    private final WebClient admin;
    private final Duration duration;
    private final Duration warmup;
    private final int depth;
    private final int permits;
    private final LongSamples latencies = new LongSamples();
    private volatile long windowStart;
    private volatile long windowEnd;

    private WritebackBench(BenchArgs args) {
        this.simulator = args.get("simulator", "http://127.0.0.1:18089");
        this.simPid = args.longValue("sim-pid", -1);
        this.duration = Duration.ofSeconds(args.longValue("duration", 60));
        this.warmup = Duration.ofSeconds(args.longValue("warmup", 20));
        this.depth = args.integer("depth", 20);
        this.permits = args.integer("permits", 10);
        this.admin = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(20));
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
        bench.report(runs);
        bench.vertx.closeAndAwait();
        System.exit(0);
    }

    private Run run(String client, int shopCount, int round) {
        List<ShopLoad> loads = new ArrayList<>();
        for (int i = 0; i < shopCount; i++) {
            loads.add(new ShopLoad(String.format(Locale.ROOT, "bench-r%d-%s-%04d.myshopify.com", round, client, i)));
        }
        drain(loads);
        // per run: calls of an earlier run that finish late enqueue nothing
        AtomicBoolean stopped = new AtomicBoolean();
        latencies.clear();
        System.gc();
        long start = System.nanoTime();
        windowStart = start + warmup.toNanos();
        windowEnd = windowStart + duration.toNanos();
        System.err.printf(Locale.ROOT, "[bench] %s client, %d shop(s): %d s warm-up (left out), %d s measured%n",
                client, shopCount, warmup.toSeconds(), duration.toSeconds());
        WritebackSender sender = client.equals("naive") ? new NaiveSender(vertx, simulator, permits)
                : new PacedSender(vertx, simulator);
        long[] failures = new long[1];
        // from event loops, as in the application (calls start in consumers), spread over them shop by shop
        for (ShopLoad load : loads) {
            vertx.runOnContext(() -> {
                for (int i = 0; i < depth; i++) {
                    enqueue(sender, load, stopped, failures);
                }
            });
        }
        sleepUntil(windowStart);
        loads.forEach(load -> {
            load.applied.set(0);
            load.levelAtStart = load.level;
        });
        latencies.clear();
        double levelStart = meanLevel(loads);
        double cpuAtStart = cpuSeconds();
        double simCpuAtStart = simPid > 0 ? ProcCpu.process(simPid) : 0;
        long heapMax = 0;
        while (System.nanoTime() < windowEnd) {
            sleep(Duration.ofMillis(200));
            heapMax = Math.max(heapMax, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        double cpu = cpuSeconds() - cpuAtStart;
        double simCpu = simPid > 0 ? ProcCpu.process(simPid) - simCpuAtStart : Double.NaN;
        double levelEnd = meanLevel(loads);
        double seconds = duration.toNanos() / 1e9;
        stopped.set(true);
        double[] percent = loads.stream().mapToDouble(load -> load.applied.get() * COST / seconds / RESTORE_RATE * 100)
                .sorted().toArray();
        // net of the bucket's own reserve: points a shop spent from a level that fell during the window are not restore
        double[] net = loads.stream().mapToDouble(load -> {
            double drawn = Double.isNaN(load.levelAtStart) || Double.isNaN(load.level) ? 0
                    : load.levelAtStart - load.level;
            return (load.applied.get() * COST - drawn) / seconds / RESTORE_RATE * 100;
        }).sorted().toArray();
        long applied = loads.stream().mapToLong(load -> load.applied.get()).sum();
        double[] quantiles = latencies.quantilesSeconds(0.5, 0.99);
        long throttledFirst = loads.stream().mapToLong(load -> load.throttledFirst.get()).sum();
        long throttledAfter = loads.stream().mapToLong(load -> load.throttledAfter.get()).sum();
        long throttledSimulator = simulatorThrottles(loads);
        String diagnostics = sender.diagnostics();
        if (!diagnostics.isEmpty()) {
            System.err.println("[bench] " + client + " " + shopCount + " meters: " + diagnostics);
        }
        sender.close();
        sleep(Duration.ofSeconds(2));
        return new Run(client, shopCount, seconds, applied,
                new double[] {percent[0], percent[percent.length / 2], percent[percent.length - 1]},
                new double[] {net[0], net[net.length / 2], net[net.length - 1]}, throttledFirst,
                throttledAfter, throttledSimulator, quantiles[0], quantiles[1], levelStart, levelEnd,
                heapMax / (1024 * 1024), cpu, simCpu, failures[0]);
    }

    private void enqueue(WritebackSender sender, ShopLoad load, AtomicBoolean stopped, long[] failures) {
        if (stopped.get()) {
            return;
        }
        long enqueued = System.nanoTime();
        sender.send(load).subscribe().with(ignored -> {
            long now = System.nanoTime();
            if (now >= windowStart && now < windowEnd) {
                load.applied.incrementAndGet();
                latencies.add(now - enqueued);
            }
            enqueue(sender, load, stopped, failures);
        }, failure -> {
            if (!stopped.get()) {
                synchronized (failures) {
                    failures[0]++;
                }
                System.err.println("[bench] call failed: " + failure);
            }
            enqueue(sender, load, stopped, failures);
        });
    }

    /** Every bucket empty, so the steady state starts at once (as for a backlog that has been draining a while). */
    private void drain(List<ShopLoad> loads) {
        Uni.join().all(loads.stream().map(load -> admin.putAbs(simulator + "/_simulator/shops/" + load.shop)
                .sendJsonObject(new JsonObject().put("currentlyAvailable", 0).put("orders",
                        new JsonArray().add(new JsonObject().put("id", WritebackSender.ORDER).put("name", "#1")))))
                .toList()).usingConcurrencyOf(20).andFailFast().await().indefinitely();
    }

    /** THROTTLED responses the simulator sent to these shops (all of the run). */
    private long simulatorThrottles(List<ShopLoad> loads) {
        JsonObject stats = admin.getAbs(simulator + "/_simulator/stats").send().await().indefinitely()
                .bodyAsJsonObject();
        return loads.stream().map(load -> stats.getJsonObject(load.shop))
                .mapToLong(shop -> shop == null ? 0 : shop.getLong("throttled", 0L)).sum();
    }

    private static double meanLevel(List<ShopLoad> loads) {
        return loads.stream().mapToDouble(load -> load.level).filter(level -> !Double.isNaN(level)).average()
                .orElse(Double.NaN);
    }

    private void report(List<Run> runs) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Warm-up %d s per run (left out), then %d s measured; %d calls kept enqueued "
                + "per shop; naive client: %d permits. CPU: share of all %d cores; the simulator runs in its own "
                + "JVM (its CPU is not in the client's).%n%n", warmup.toSeconds(), duration.toSeconds(), depth,
                permits, CORES);
        System.out.println("| Client | Shops | Calls/s | Points/s per shop, % of restore rate (min / median / max) "
                + "| Net of the bucket's reserve spent in the window (min / median / max) | Slowest / fastest "
                + "| THROTTLED on first response / after (simulator's count) "
                + "| Enqueue → applied p50 / p99 | Bucket level, window start → end | Heap used (max) "
                + "| CPU client JVM (of all cores) | CPU ms per call | CPU simulator |");
        System.out.println("|---|---:|---:|---|---|---:|---|---|---|---:|---:|---:|---:|");
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.1f%% / %.1f%% / %.1f%% | %.1f%% / %.1f%% / %.1f%% "
                    + "| %.2f | %d / %d (%d) "
                    + "| %.2f s / %.2f s | %.0f → %.0f | %d MB | %.0f%% | %.3f | %.0f%% |%n", run.client(),
                    run.shops(), run.callsPerSecond(), run.percent()[0], run.percent()[1], run.percent()[2],
                    run.net()[0], run.net()[1], run.net()[2], run.slowestToFastest(), run.throttledFirst(),
                    run.throttledAfter(), run.throttledSimulator(),
                    run.p50(), run.p99(), run.levelStart(), run.levelEnd(), run.heapMb(), run.cpuPercent(),
                    run.cpuMsPerCall(), run.simCpuPercent());
        }
        System.out.println();
        for (Run run : runs) {
            System.out.println("RESULT " + new JsonObject().put("client", run.client()).put("shops", run.shops())
                    .put("warmupSeconds", warmup.toSeconds()).put("seconds", run.seconds())
                    .put("callsPerSecond", round(run.callsPerSecond()))
                    .put("percentOfRestoreMin", round(run.percent()[0]))
                    .put("percentOfRestoreMedian", round(run.percent()[1]))
                    .put("percentOfRestoreMax", round(run.percent()[2]))
                    .put("netPercentOfRestoreMin", round(run.net()[0]))
                    .put("netPercentOfRestoreMedian", round(run.net()[1]))
                    .put("slowestToFastest", round(run.slowestToFastest()))
                    .put("throttledFirstResponse", run.throttledFirst()).put("throttledAfter", run.throttledAfter())
                    .put("throttledSimulator", run.throttledSimulator()).put("p50Seconds", round(run.p50()))
                    .put("p99Seconds", round(run.p99())).put("bucketLevelStart", round(run.levelStart()))
                    .put("bucketLevelEnd", round(run.levelEnd())).put("heapUsedMaxMb", run.heapMb())
                    .put("cpuPercentOfCores", round(run.cpuPercent())).put("cores", CORES)
                    .put("cpuMsPerCall", round(run.cpuMsPerCall())).put("simulatorCpuPercentOfCores",
                            round(run.simCpuPercent()))
                    .put("failedCalls", run.failures()).encode());
        }
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : -1;
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            sleep(Duration.ofNanos(left));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
