package io.shopstream.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.shopstream.devservices.simulator.ShopifySimulator;
import io.shopstream.devservices.simulator.SimulatedRequest;
import io.shopstream.shopify.PlanLimits;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ports;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.Simulators;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonObject;

/**
 * Two instances of the packaged application (target/quarkus-app/quarkus-run.jar, production profile, separate OS
 * processes) form the consumer group of {@link WriteBacks#TOPIC} against one Shopify simulator, one broker and one
 * database. A backlog of inventory-sync write-backs for six shops on a small plan (so that any second caller of a
 * shop would be throttled) is worked through while the group changes:
 * <ol>
 * <li>A starts on the backlog, B joins (rebalance while work is in progress), A stops gracefully (SIGTERM) with work
 * left: B finishes;</li>
 * <li>a second backlog, B starts on it, A is restarted and joins, B crashes (SIGKILL) with work in progress: the
 * restarted A completes every pending write-back.</li>
 * </ol>
 * Then every write-back ended exactly once (one row in {@code writebacks}, applied or unchanged), each SKU holds the
 * wanted quantity, no shop was ever throttled (its budget was never exceeded, so never two pacers at once), and each
 * write-back was applied by exactly one distinct idempotency key (the simulator runs a key once and replays it).
 */
class TwoInstancesIT {

    private static final String TOPIC = WriteBacks.TOPIC;
    private static final int PARTITIONS = 6;
    private static final int SHOPS = 6;
    private static final int PHASE_ONE_PER_SHOP = 80;
    private static final int PHASE_TWO_PER_SHOP = 40;
    private static final long LOCATION_ID = 7001;
    private static final String LOCATION = "gid://shopify/Location/" + LOCATION_ID;
    private static final String TOKEN = "shpat_two_instances_it";
    /**
     * The inventory read requests 256 points (first: 5 × first: 50), so the bucket must hold it (plus the client's
     * one-second margin); restored at 10/s a write-back (read refunded to 3, mutation 10) takes ~1.3 s of a shop's
     * budget, so a phase lasts about a minute and a second caller of a shop would soon be throttled.
     */
    private static final PlanLimits PLAN = new PlanLimits(300, 10, 40, 2);
    private static final Path LOGS = Path.of("target", "two-instances-it").toAbsolutePath();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private static final Pattern ENDED = Pattern.compile(
            "write-back (\\S+) \\(inventory-sync\\) of \\S+: (applied|unchanged)");

    private static KafkaBrokerResource kafkaResource;
    private static PostgresResource postgresResource;
    private static Map<String, String> kafkaConfig;
    private static Map<String, String> postgresConfig;
    private static KafkaCompanion companion;
    private static ShopifySimulator simulator;
    private static final List<Instance> instances = new ArrayList<>();

    /** One write-back this test asked for. */
    record Wanted(String id, String shop, String sku, String itemGid, int start, int quantity) {
        WriteBack writeBack() {
            return new WriteBack(id, "inventory-sync", shop, "sku:" + sku, id, Instant.now(),
                    new JsonObject().put("sku", sku).put("quantity", quantity).put("location_id", LOCATION_ID));
        }

        /** The key InventorySyncWriteBack sends when it reads {@code start}: the one application expected. */
        String expectedKey() {
            JsonObject quantityInput = new JsonObject().put("inventoryItemId", itemGid).put("locationId", LOCATION)
                    .put("quantity", quantity).put("changeFromQuantity", start);
            return writeBack().idempotencyKey(quantityInput.encode());
        }
    }

    @BeforeAll
    static void startInfrastructure() throws IOException {
        assertThat(JAR).as("run `./mvnw package` first").exists();
        Files.createDirectories(LOGS);
        kafkaResource = new KafkaBrokerResource();
        kafkaConfig = kafkaResource.start();
        postgresResource = new PostgresResource();
        postgresConfig = postgresResource.start();
        companion = new KafkaCompanion(kafkaConfig.get("kafka.bootstrap.servers"));
        // the broker resource creates every topic with its default partition count: six here, for the hand-overs
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaConfig.get("kafka.bootstrap.servers")))) {
            admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(PARTITIONS))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not give " + TOPIC + " " + PARTITIONS + " partitions", e);
        }
        simulator = Simulators.start();
        for (int s = 1; s <= SHOPS; s++) {
            simulator.shop(shop(s)).plan(PLAN).accessToken(TOKEN);
        }
    }

    @AfterAll
    static void stopEverything() {
        for (Instance instance : instances) {
            instance.stop();
        }
        if (simulator != null) {
            Simulators.stop(simulator);
        }
        if (companion != null) {
            companion.close();
        }
        if (kafkaResource != null) {
            kafkaResource.stop();
        }
        if (postgresResource != null) {
            postgresResource.stop();
        }
        for (Instance instance : instances) {
            assertThat(instance.process.isAlive()).as("%s still running", instance.name).isFalse();
            assertThat(Ports.listening(instance.port)).as("%s's port %d still open", instance.name, instance.port)
                    .isFalse();
        }
    }

    @Test
    void twoInstancesShareTheWorkWithinEachShopsBudgetAndApplyEveryWriteBackOnce() throws Exception {
        long began = System.nanoTime();
        try {
            // Phase 1: a backlog; A starts on it, B joins while A works, A stops gracefully while work remains
            List<Wanted> one = seed("p1", PHASE_ONE_PER_SHOP);
            produce(one);
            Instance a = launch("a1");
            a.awaitReady();
            log("a1 ready");
            await("A applies some write-backs").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        noFailedEnds();
                        return a.ended().size() >= 12;
                    });
            Instance b = launch("b1");
            b.awaitReady();
            log("b1 ready");
            await("B takes over partitions and applies write-backs").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> !b.ended().isEmpty());
            assertThat(a.logText()).as("A handed partitions over to B").contains("handed over");
            int endedBeforeStop = ended(one).size();
            assertThat(endedBeforeStop).as("work remains when A stops").isLessThan(one.size());
            log("phase 1: %d of %d ended when A is stopped (SIGTERM)", endedBeforeStop, one.size());
            a.stopGracefully();
            awaitAllEnded(one);
            log("phase 1 done after %d s: A ended %d, B ended %d", seconds(began), a.ended().size(), b.ended().size());

            // Phase 2: a new backlog; B starts on it, A restarts and joins, B crashes with work in progress
            List<Wanted> two = seed("p2", PHASE_TWO_PER_SHOP);
            Set<String> twoIds = ids(two);
            produce(two);
            await("B works on the second backlog").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> intersect(b.ended(), twoIds).size() >= 6);
            Instance a2 = launch("a2");
            a2.awaitReady();
            log("a2 ready");
            await("the restarted A takes partitions over and applies write-backs").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> !intersect(a2.ended(), twoIds).isEmpty());
            Map<String, String> beforeCrash = ended(two);
            assertThat(beforeCrash.size()).as("work remains when B crashes").isLessThan(two.size());
            log("phase 2: %d of %d ended when B is killed (SIGKILL)", beforeCrash.size(), two.size());
            b.kill();
            awaitAllEnded(two);
            Set<String> pendingAtCrash = new HashSet<>(twoIds);
            pendingAtCrash.removeAll(beforeCrash.keySet());
            assertThat(intersect(a2.ended(), pendingAtCrash)).as("the restarted A completed B's pending write-backs")
                    .isNotEmpty();
            log("phase 2 done after %d s: B ended %d before its crash, the restarted A %d", seconds(began),
                    intersect(b.ended(), twoIds).size(), intersect(a2.ended(), twoIds).size());

            List<Wanted> all = new ArrayList<>(one);
            all.addAll(two);
            assertEveryWriteBackAppliedOnce(all);
            assertThat(intersect(a.ended(), ids(one))).as("A performed phase-1 write-backs").isNotEmpty();
            assertThat(intersect(b.ended(), ids(one))).as("B performed phase-1 write-backs").isNotEmpty();
            assertThat(intersect(b.ended(), twoIds)).as("B performed phase-2 write-backs").isNotEmpty();
            assertThat(intersect(a2.ended(), twoIds)).as("the restarted A performed phase-2 write-backs").isNotEmpty();
            log("passed in %d s", seconds(began));
        } catch (Throwable failure) {
            for (Instance instance : instances) {
                instance.printTail(120);
            }
            log("simulator: %s; %s", simulator.stats(), outcomes());
            for (SimulatedRequest request : simulator.requests()) {
                if (!"ok".equals(request.outcome())) {
                    log("%s %s %s %s of %s (requested %s)", request.at(), request.outcome(), request.operation(),
                            request.correlationId(), request.shop(), request.requestedCost());
                }
            }
            throw failure;
        }
    }

    private static void assertEveryWriteBackAppliedOnce(List<Wanted> all) throws SQLException {
        Map<String, List<String>> rows = rows();
        for (Wanted wanted : all) {
            assertThat(rows.get(wanted.id())).as("ends recorded for %s", wanted.id()).hasSize(1)
                    .allSatisfy(status -> assertThat(status).isIn("applied", "unchanged"));
            assertThat(simulator.shop(wanted.shop()).available(wanted.itemGid(), LOCATION))
                    .as("%s of %s", wanted.sku(), wanted.shop()).isEqualTo(wanted.quantity());
        }
        assertThat(simulator.stats()).as("requests per shop").hasSize(SHOPS);
        /*
         * Zero THROTTLED answers, but for one moment the design allows: an instance that has just taken a shop over
         * does not know the state of the shop's bucket until Shopify answers it (CostBucket sends one request at a
         * time until then), and the bucket the previous owner left may be too low for that first request (and its
         * retry, timed exactly by the answer). So every throttled call of an instance to a shop comes before it ended
         * its first write-back of the shop, at most two of them; two instances pacing one shop at once would be
         * throttled again and again while both work.
         */
        long throttledInLogs = 0;
        for (String shop : simulator.stats().keySet()) {
            for (Instance instance : instances) {
                List<Instant> throttled = instance.throttledCalls(shop);
                throttledInLogs += throttled.size();
                assertThat(throttled).as("%s's throttled calls to %s", instance.name, shop).hasSizeLessThanOrEqualTo(2);
                Instant firstEnded = instance.firstEnded(shop);
                assertThat(throttled).as("%s's throttled calls to %s, after its first write-back to it ended at %s",
                        instance.name, shop, firstEnded).allSatisfy(at -> assertThat(at).isBefore(firstEnded));
            }
        }
        long throttledAtShopify = simulator.stats().values().stream().mapToLong(ShopifySimulator.ShopStats::throttled)
                .sum();
        // the killed instance may have lost its last log lines, never more than the calls it made
        assertThat(throttledAtShopify).as("THROTTLED answers, all of them accounted for by the instances' logs")
                .isLessThanOrEqualTo(throttledInLogs + 2);

        Map<String, Set<String>> appliedKeys = new HashMap<>();
        for (SimulatedRequest request : simulator.requests()) {
            if ("SyncAvailable".equals(request.operation()) && "ok".equals(request.outcome())) {
                appliedKeys.computeIfAbsent(request.correlationId(), id -> new HashSet<>())
                        .add(request.idempotencyKey());
            }
        }
        for (Wanted wanted : all) {
            assertThat(appliedKeys.get(wanted.id())).as("distinct successful idempotency keys of %s", wanted.id())
                    .containsExactly(wanted.expectedKey());
        }
        assertThat(appliedKeys.keySet()).as("applications of write-backs nobody asked for")
                .isSubsetOf(ids(all));
        assertThat(deadLetters()).as("records on %s.dlq", TOPIC).isZero();
        log("simulator: %s; %s", simulator.stats(), outcomes());
    }

    /** Records on the write-backs' dead-letter topic (none when it was never created). */
    private static long deadLetters() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("kafka.bootstrap.servers"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(30))
                    .getOrDefault(TOPIC + ".dlq", List.of()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    private static Map<String, Long> outcomes() {
        return simulator.requests().stream().collect(Collectors.groupingBy(r -> r.operation() + ":" + r.outcome(),
                TreeMap::new, Collectors.counting()));
    }

    // ---- the backlog

    private static List<Wanted> seed(String phase, int perShop) {
        List<Wanted> wanted = new ArrayList<>();
        long item = "p1".equals(phase) ? 100_000 : 200_000;
        for (int s = 1; s <= SHOPS; s++) {
            for (int n = 1; n <= perShop; n++) {
                String sku = "SKU-" + phase + "-" + s + "-" + n;
                String itemGid = "gid://shopify/InventoryItem/" + (item + s * 1000 + n);
                int start = 3 + n % 7;
                int quantity = start + 10 + n % 5;
                simulator.shop(shop(s)).inventoryLevel(itemGid, sku, LOCATION, start, start);
                wanted.add(new Wanted(phase + "-" + s + "-" + n, shop(s), sku, itemGid, start, quantity));
            }
        }
        return wanted;
    }

    private static void produce(List<Wanted> wanted) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("kafka.bootstrap.servers"));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (Wanted w : wanted) {
                producer.send(new ProducerRecord<>(TOPIC, w.shop(), w.writeBack().toJson())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String shop(int s) {
        return "two-instances-" + s + ".myshopify.com";
    }

    private static Set<String> ids(List<Wanted> wanted) {
        return wanted.stream().map(Wanted::id).collect(Collectors.toSet());
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    // ---- the database

    private static void awaitAllEnded(List<Wanted> wanted) {
        await("every write-back ended").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    noFailedEnds();
                    return ended(wanted).size() == wanted.size();
                });
    }

    /** Id -> status of those ended. */
    private static Map<String, String> ended(List<Wanted> wanted) throws SQLException {
        Set<String> ids = ids(wanted);
        Map<String, String> ended = new HashMap<>();
        rows().forEach((id, statuses) -> {
            if (ids.contains(id)) {
                ended.put(id, statuses.get(0));
            }
        });
        return ended;
    }

    /** Fails at once when any write-back ended other than applied or unchanged (dead-lettered, skipped...). */
    private static void noFailedEnds() throws SQLException {
        Map<String, List<String>> failed = new TreeMap<>();
        rows().forEach((id, statuses) -> {
            if (!statuses.stream().allMatch(s -> s.equals("applied") || s.equals("unchanged"))) {
                failed.put(id, statuses);
            }
        });
        assertThat(failed).as("write-backs that ended neither applied nor unchanged").isEmpty();
    }

    /** Every row of this test's shops: id -> statuses. */
    private static Map<String, List<String>> rows() throws SQLException {
        Map<String, List<String>> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(postgresConfig.get("quarkus.datasource.jdbc.url"),
                postgresConfig.get("quarkus.datasource.username"), postgresConfig.get("quarkus.datasource.password"));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT id, status FROM writebacks WHERE shop_domain LIKE 'two-instances-%'")) {
            while (result.next()) {
                rows.computeIfAbsent(result.getString(1), id -> new ArrayList<>()).add(result.getString(2));
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return rows; // not migrated yet
            }
            throw e;
        }
        return rows;
    }

    // ---- the instances

    private static Instance launch(String name) throws IOException {
        int port = Ports.free();
        int managementPort = Ports.free();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // /q/health on the management interface in production
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dkafka.bootstrap.servers=" + kafkaConfig.get("kafka.bootstrap.servers"),
                "-Dquarkus.datasource.reactive.url=" + postgresConfig.get("quarkus.datasource.reactive.url"),
                "-Dquarkus.datasource.jdbc.url=" + postgresConfig.get("quarkus.datasource.jdbc.url"),
                "-Dquarkus.datasource.username=" + postgresConfig.get("quarkus.datasource.username"),
                "-Dquarkus.datasource.password=" + postgresConfig.get("quarkus.datasource.password"),
                "-Dshopstream.shopify.admin-base-url=" + simulator.baseUrlTemplate(),
                "-Dshopstream.shopify.token-encryption-key=" + Base64.getEncoder()
                        .encodeToString("two-instances-it-token-key-32byt".getBytes(StandardCharsets.UTF_8)),
                "-Dshopstream.webhook.secrets=two-instances-it-secret",
                "-Dshopstream.admin.tokens.it=two-instances-it-admin-token",
                /*
                 * At most 4 write-backs of a shop in progress (default 32): on this deliberately slow plan (~1.3 s
                 * of budget per write-back) a hand-over then ends within the default 10 s hand-over timeout, and
                 * only then does the new owner start on the shop.
                 */
                "-Dshopstream.writeback.max-concurrent-per-shop=4",
                // a crashed member leaves the group after 10 s rather than 45 s
                "-Dmp.messaging.incoming.writebacks-in.session.timeout.ms=10000",
                "-Dmp.messaging.incoming.writebacks-in.heartbeat.interval.ms=2000",
                // each write-back's end, to tell which instance performed it
                "-Dquarkus.log.category.\"io.shopstream.writeback\".level=DEBUG"));
        for (int s = 1; s <= SHOPS; s++) {
            command.add("-Dshopstream.shops.\"" + shop(s) + "\".access-token=" + TOKEN);
        }
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = LOGS.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Instance instance = new Instance(name, port, managementPort, process, log);
        instances.add(instance);
        log("%s: pid %d, port %d, log %s", name, process.pid(), port, log);
        return instance;
    }

    static final class Instance {
        final String name;
        final int port;
        final int managementPort;
        final Process process;
        final Path logFile;

        Instance(String name, int port, int managementPort, Process process, Path logFile) {
            this.name = name;
            this.port = port;
            this.managementPort = managementPort;
            this.process = process;
            this.logFile = logFile;
        }

        void awaitReady() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            await(name + " ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(process.isAlive()).as("%s is running", name).isTrue();
                try {
                    return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        }

        String logText() throws IOException {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        }

        /** Write-backs this instance ended (its log at DEBUG), with the end. */
        Set<String> ended() throws IOException {
            Set<String> ids = new HashSet<>();
            Matcher matcher = ENDED.matcher(logText());
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
            return ids;
        }

        /** When it logged the end of its first write-back of the shop (far future when none). */
        Instant firstEnded(String shop) {
            return lines().filter(line -> line.contains("of " + shop + ": applied")
                    || line.contains("of " + shop + ": unchanged")).map(Instance::timestamp).findFirst()
                    .orElse(Instant.MAX);
        }

        /** When the client logged an Admin API call to the shop that Shopify throttled. */
        List<Instant> throttledCalls(String shop) {
            return lines().filter(line -> line.contains(" for " + shop + " throttled")).map(Instance::timestamp)
                    .toList();
        }

        private java.util.stream.Stream<String> lines() {
            try {
                return logText().lines();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The timestamp of a JSON log line. */
        private static Instant timestamp(String line) {
            Matcher matcher = TIMESTAMP.matcher(line);
            assertThat(matcher.find()).as("timestamp in %s", line).isTrue();
            return Instant.parse(matcher.group(1));
        }

        void stopGracefully() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("%s stopped after SIGTERM", name).isTrue();
            log("%s stopped (exit %d)", name, process.exitValue());
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s killed", name).isTrue();
            log("%s killed", name);
        }

        void stop() {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        void printTail(int lines) {
            try {
                List<String> all = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
                System.out.printf("---- %s (%s), last %d of %d lines%n", name, logFile, Math.min(lines, all.size()),
                        all.size());
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
            } catch (IOException e) {
                System.out.println("---- " + name + ": " + e);
            }
        }
    }

    // ---- helpers

    private static void log(String format, Object... arguments) {
        System.out.printf("TwoInstancesIT %s: " + format + "%n", prepend(Instant.now(), arguments));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}
