package io.shopstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.shopstream.devservices.sender.BenchArgs;

/**
 * Watches an end-to-end processing run and times it. Polls Kafka every {@code poll-ms} for the summed end offsets of
 * the enriched topic; once it holds {@code orders} events (and every {@code report-s}), PostgreSQL too:
 * {@code SELECT count(*), min(processed_at), max(processed_at) FROM processed_deliveries WHERE shop_domain LIKE
 * '<prefix>-%'} and {@code SELECT count(*) FROM outbox}. Done when the enriched topic holds at least {@code orders}
 * events, the ledger holds {@code orders} deliveries and the outbox is empty: that is the moment the last enriched
 * event was published (to within one poll). The ledger is not counted at every poll: that is a scan of a table
 * growing by thousands of rows a second, a load on the database being measured.
 *
 * <p>
 * Handshake with the caller: prints {@code READY} once both are reachable (the tables may not exist yet: the
 * application's Flyway creates them), then waits for {@code start-file} to hold the start instant (epoch
 * milliseconds, written just before the app is launched); CPU baselines are taken then.
 *
 * <pre>
 * ProcessingProgress jdbc-url=jdbc:postgresql://127.0.0.1:5432/shopstream user=shopstream password=...
 *     bootstrap=127.0.0.1:9092 orders=100000 start-file=... [shop-prefix=bench] [timeout-s=1800] [poll-ms=500]
 *     [report-s=10] [app-pid-file=...] [postgres-pid=...] [kafka-pid=...] [warmup=0]
 * </pre>
 *
 * With {@code warmup=N}, the first N deliveries warm the application up (class loading, the JIT, connection pools):
 * the "warmed" rate is the remaining deliveries over the time from the poll at which the enriched topic first held N
 * events to the end, i.e. a backlog drained by an instance that has been running.
 *
 * Prints {@code E2E key=value ...}, {@code CPU key=value ...} and {@code CHECK key=value ...} lines on stdout and the
 * progress on stderr. Exits 0 when done, 2 on timeout (the lines then describe the partial run).
 */
public final class ProcessingProgress {

    static final String ENRICHED_TOPIC = "shopstream.orders.enriched.v1";

    private ProcessingProgress() {
    }

    record Ledger(long count, Instant first, Instant last, long outbox) {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        String url = args.required("jdbc-url");
        Properties db = new Properties();
        db.setProperty("user", args.get("user", "shopstream"));
        db.setProperty("password", args.get("password", "shopstream"));
        db.setProperty("ApplicationName", "shopstream-bench-progress");
        String bootstrap = args.getOrEnv("bootstrap", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        long orders = args.longValue("orders", 100_000);
        String prefix = args.get("shop-prefix", "bench");
        Path startFile = Path.of(args.required("start-file"));
        long timeoutMs = args.longValue("timeout-s", 1800) * 1000;
        long pollMs = args.longValue("poll-ms", 500);
        long reportMs = args.longValue("report-s", 10) * 1000;
        Path appPidFile = args.get("app-pid-file", null) == null ? null : Path.of(args.get("app-pid-file", null));
        long postgresPid = args.longValue("postgres-pid", -1);
        long kafkaPid = args.longValue("kafka-pid", -1);
        String dlqTopic = args.get("dlq-topic", "shopify.orders.v1.dlq");
        long warmup = args.longValue("warmup", 0);

        try (Connection connection = connect(url, db, 60_000);
                Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.CLIENT_ID_CONFIG, "shopstream-bench-progress"))) {
            poll(connection, prefix);
            endOffsets(kafka, ENRICHED_TOPIC);
            System.out.println("READY");
            System.out.flush();

            while (!Files.exists(startFile) || Files.readString(startFile).isBlank()) {
                Thread.sleep(20);
            }
            long start = Long.parseLong(Files.readString(startFile).trim());
            double postgresBase = postgresPid > 0 ? ProcCpu.tree(postgresPid) : 0;
            double kafkaBase = kafkaPid > 0 ? ProcCpu.process(kafkaPid) : 0;
            double selfBase = ProcCpu.process(ProcessHandle.current().pid());
            double[] machineBase = ProcCpu.machine();
            System.err.printf("[progress] waiting for %d deliveries of %s-* in the ledger, an empty outbox and %d"
                    + " events in %s (timeout %d s)%n", orders, prefix, orders, ENRICHED_TOPIC, timeoutMs / 1000);

            Ledger ledger = poll(connection, prefix);
            long enriched = 0;
            long lastReport = start;
            long lastReportCount = 0;
            long now = System.currentTimeMillis();
            boolean done = false;
            long warmedAt = -1;
            long warmedCount = 0;
            double[] warmedCpu = null;
            while (true) {
                now = System.currentTimeMillis();
                enriched = endOffsets(kafka, ENRICHED_TOPIC);
                if (warmup > 0 && warmedAt < 0 && enriched >= warmup) {
                    warmedAt = now;
                    warmedCount = enriched;
                    warmedCpu = cpu(appPidFile, postgresPid, kafkaPid);
                    System.err.printf("[progress] %6.1f s: warmed up (enriched events %d); measuring the rest%n",
                            (now - start) / 1e3, warmedCount);
                }
                boolean published = enriched >= orders;
                boolean report = now - lastReport >= reportMs;
                // Counting the ledger scans a table that grows by thousands of rows a second: asked only for the
                // reports and at the end, so that the poller does not load the database it measures. An event is
                // published only after its delivery's transaction committed, so the topic runs behind the ledger.
                if (published || report) {
                    ledger = poll(connection, prefix);
                }
                if (published && ledger.count() >= orders && ledger.outbox() == 0) {
                    done = true;
                    break;
                }
                if (now - start >= timeoutMs) {
                    break;
                }
                if (report) {
                    System.err.printf("[progress] %6.1f s: ledger %d/%d (%.0f/s over the last %.0f s), outbox %d,"
                            + " enriched events %d%n", (now - start) / 1e3, ledger.count(), orders,
                            (ledger.count() - lastReportCount) * 1e3 / (now - lastReport), (now - lastReport) / 1e3,
                            ledger.outbox(), enriched);
                    lastReport = now;
                    lastReportCount = ledger.count();
                }
                Thread.sleep(Math.max(1, pollMs - (System.currentTimeMillis() - now)));
            }
            if (!done) {
                ledger = poll(connection, prefix);
            }
            double app = 0;
            String appThreads = "unavailable";
            if (appPidFile != null) {
                long appPid = ProcCpu.readPid(appPidFile);
                app = appPid > 0 ? ProcCpu.process(appPid) : 0;
                appThreads = appPid > 0 ? ProcCpu.threads(appPid, 10) : appThreads;
            }
            double postgres = postgresPid > 0 ? ProcCpu.tree(postgresPid) - postgresBase : 0;
            double kafkaCpu = kafkaPid > 0 ? ProcCpu.process(kafkaPid) - kafkaBase : 0;
            double self = ProcCpu.process(ProcessHandle.current().pid()) - selfBase;
            double[] machine = ProcCpu.machine();
            double seconds = (now - start) / 1e3;

            long processed = Math.min(ledger.count(), orders);
            double steadySeconds = ledger.first() == null || ledger.last() == null ? 0
                    : (ledger.last().toEpochMilli() - ledger.first().toEpochMilli()) / 1e3;
            System.err.printf("[progress] %s after %.1f s: ledger %d, outbox %d, enriched events %d%n",
                    done ? "done" : "TIMED OUT", seconds, ledger.count(), ledger.outbox(), enriched);
            double firstAfter = ledger.first() == null ? 0 : (ledger.first().toEpochMilli() - start) / 1e3;
            // from the first record applied (the app is up and consuming) to the last event published
            double processingSeconds = seconds - firstAfter;
            System.out.printf("E2E status=%s orders=%d processed=%d published=%d outbox=%d seconds=%.2f"
                    + " orders_per_s=%.1f ledger_first=%s ledger_last=%s first_after_s=%.2f steady_seconds=%.2f"
                    + " steady_orders_per_s=%.1f processing_seconds=%.2f processing_orders_per_s=%.1f%n",
                    done ? "done" : "timeout", orders, ledger.count(), enriched, ledger.outbox(), seconds,
                    processed / seconds, ledger.first(), ledger.last(), firstAfter, steadySeconds,
                    steadySeconds > 0 ? (ledger.count() - 1) / steadySeconds : 0, processingSeconds,
                    processingSeconds > 0 ? processed / processingSeconds : 0);
            System.out.printf("CPU wall_s=%.2f app_s=%.2f postgres_s=%.2f kafka_s=%.2f harness_s=%.2f"
                    + " machine_busy_s=%.2f machine_idle_s=%.2f%n", seconds, app, postgres, kafkaCpu, self,
                    machine[0] - machineBase[0], machine[1] - machineBase[1]);
            System.out.println("APP_THREADS " + appThreads);
            if (warmedAt > 0) {
                double warmedSeconds = (now - warmedAt) / 1e3;
                double[] cpuNow = cpu(appPidFile, postgresPid, kafkaPid);
                long measured = processed - warmedCount;
                System.out.printf("WARMED warmup=%d orders=%d seconds=%.2f orders_per_s=%.1f app_cpu_s=%.2f"
                        + " postgres_cpu_s=%.2f kafka_cpu_s=%.2f cpu_ms_per_order=%.3f%n", warmedCount, measured,
                        warmedSeconds, measured / warmedSeconds, cpuNow[0] - warmedCpu[0], cpuNow[1] - warmedCpu[1],
                        cpuNow[2] - warmedCpu[2], (cpuNow[0] - warmedCpu[0] + cpuNow[1] - warmedCpu[1] + cpuNow[2]
                                - warmedCpu[2]) * 1000 / measured);
            }
            checks(connection, prefix, kafka, dlqTopic);
            System.out.flush();
            System.exit(done ? 0 : 2);
        }
    }

    /** CPU seconds so far of the app, PostgreSQL (server and backends) and Kafka. */
    private static double[] cpu(Path appPidFile, long postgresPid, long kafkaPid) {
        long appPid = appPidFile == null ? -1 : ProcCpu.readPid(appPidFile);
        return new double[] { appPid > 0 ? ProcCpu.process(appPid) : 0,
                postgresPid > 0 ? ProcCpu.tree(postgresPid) : 0, kafkaPid > 0 ? ProcCpu.process(kafkaPid) : 0 };
    }

    static Connection connect(String url, Properties db, long timeoutMs) throws InterruptedException, SQLException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                return DriverManager.getConnection(url, db);
            } catch (SQLException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The ledger and the outbox; empty while the application has not created them yet (Flyway, at its start). */
    private static Ledger poll(Connection connection, String prefix) throws SQLException {
        try {
            return query(connection, prefix);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined_table
                return new Ledger(0, null, null, 0);
            }
            throw e;
        }
    }

    private static Ledger query(Connection connection, String prefix) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet ledger = statement.executeQuery("SELECT count(*), min(processed_at), max(processed_at)"
                        + " FROM processed_deliveries WHERE shop_domain LIKE '" + prefix + "-%'")) {
            ledger.next();
            long count = ledger.getLong(1);
            Timestamp first = ledger.getTimestamp(2);
            Timestamp last = ledger.getTimestamp(3);
            try (ResultSet outbox = statement.executeQuery("SELECT count(*) FROM outbox")) {
                outbox.next();
                return new Ledger(count, first == null ? null : first.toInstant(),
                        last == null ? null : last.toInstant(), outbox.getLong(1));
            }
        }
    }

    /** Summed end offsets of a topic; 0 while it does not exist. */
    static long endOffsets(Admin kafka, String topic) throws InterruptedException, ExecutionException {
        TopicDescription description;
        try {
            description = kafka.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExecutionException(e);
        }
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return kafka.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /** After the measurement: what the run left behind, for the report. */
    private static void checks(Connection connection, String prefix, Admin kafka, String dlqTopic)
            throws SQLException, InterruptedException, ExecutionException {
        String shops = "shop_domain LIKE '" + prefix + "-%'";
        try (Statement statement = connection.createStatement()) {
            StringBuilder outcomes = new StringBuilder();
            try (ResultSet rows = statement.executeQuery("SELECT outcome, count(*) FROM processed_deliveries WHERE "
                    + shops + " GROUP BY outcome ORDER BY outcome")) {
                while (rows.next()) {
                    outcomes.append(outcomes.isEmpty() ? "" : ",").append(rows.getString(1)).append(':')
                            .append(rows.getLong(2));
                }
            }
            long orders = count(statement, "SELECT count(*) FROM orders WHERE " + shops);
            long items = count(statement, "SELECT count(*) FROM order_line_items WHERE " + shops);
            long customers = count(statement,
                    "SELECT count(DISTINCT (shop_domain, customer_id)) FROM orders WHERE " + shops);
            String version;
            try (ResultSet rows = statement.executeQuery("SHOW server_version")) {
                rows.next();
                version = rows.getString(1).split(" ")[0];
            }
            System.out.printf("CHECK outcomes=%s orders=%d line_items=%d customers=%d dlq_records=%d"
                    + " postgres_version=%s%n", outcomes.isEmpty() ? "none" : outcomes, orders, items, customers,
                    endOffsets(kafka, dlqTopic), version);
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
