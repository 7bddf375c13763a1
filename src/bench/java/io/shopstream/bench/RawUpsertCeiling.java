package io.shopstream.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.common.utils.Utils;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shopstream.devservices.sender.BenchArgs;
import io.shopstream.devservices.sender.SyntheticOrders;
import io.shopstream.support.correlation.CorrelationId;

/**
 * The raw ceiling of order processing on this database: the statements the application issues for one applied
 * {@code orders/create} (ledger claim, conditional order upsert, delete and insert of its line items, the
 * enrichment query, outbox insert; copied from {@code DeliveryLedger}, {@code OrderRepository},
 * {@code OrderEnrichment} and {@code Outbox}, named parameters turned into {@code ?}), sent straight over JDBC with
 * no Kafka, no framework and no relay. Each mode applies {@code orders} other distinct orders (shops
 * {@code ceiling-<mode>-0001.myshopify.com} ...):
 * <ul>
 * <li>{@code tx}: one transaction per order, statement after statement, like the application;</li>
 * <li>{@code batch}: {@code batch} orders per transaction, each statement kind sent as one JDBC batch
 * ({@code addBatch}/{@code executeBatch}, {@code reWriteBatchedInserts=true}); the enrichment query, which returns
 * rows, is run per order.</li>
 * </ul>
 * With {@code threads > 1} each thread has its own connection and its own shops. Afterwards the outbox rows the
 * run wrote are deleted, so that no application ever publishes them. The shops must be new to the database: an
 * order that is already there is not newer, so it is not applied (and the run fails).
 *
 * <pre>
 * RawUpsertCeiling jdbc-url=jdbc:postgresql://127.0.0.1:5432/shopstream user=shopstream password=...
 *     [orders=100000] [shops=1000] [modes=tx,batch] [batch=500] [threads=1] [postgres-pid=...]
 *     [shop-prefix=ceiling]
 * </pre>
 *
 * Prints one {@code CEILING key=value ...} line per mode on stdout.
 */
public final class RawUpsertCeiling {

    // DeliveryLedger.CLAIM
    static final String CLAIM = """
            INSERT INTO processed_deliveries (shop_domain, webhook_id, topic, event_id, triggered_at, outcome,
                                              kafka_topic, kafka_partition, kafka_offset)
            VALUES (?, ?, ?, CAST(? AS text), CAST(? AS timestamptz), 'applied',
                    ?, ?, ?)
            ON CONFLICT (shop_domain, webhook_id) DO NOTHING""";

    // OrderRepository.UPSERT
    static final String UPSERT = """
            INSERT INTO orders AS o (shop_domain, id, name, order_number, email, financial_status, fulfillment_status,
                currency, subtotal_price, total_price, total_tax, total_discounts, tags, customer_id, created_at,
                updated_at, cancelled_at, cancel_reason, closed_at, version_triggered_at)
            SELECT CAST(? AS text), CAST(? AS bigint), CAST(? AS text), CAST(? AS bigint),
                CAST(? AS text), CAST(? AS text), CAST(? AS text),
                CAST(? AS text), CAST(? AS numeric), CAST(? AS numeric),
                CAST(? AS numeric), CAST(? AS numeric), CAST(? AS text),
                CAST(? AS bigint), CAST(? AS timestamptz), CAST(? AS timestamptz),
                CAST(? AS timestamptz), CAST(? AS text), CAST(? AS timestamptz),
                CAST(? AS timestamptz)
            WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.shop_domain = CAST(? AS text)
                AND t.entity = 'order' AND t.entity_key = CAST(? AS text)
                AND t.deleted_at >= CAST(? AS timestamptz))
            ON CONFLICT (shop_domain, id) DO UPDATE SET
                name = EXCLUDED.name, order_number = EXCLUDED.order_number, email = EXCLUDED.email,
                financial_status = EXCLUDED.financial_status, fulfillment_status = EXCLUDED.fulfillment_status,
                currency = EXCLUDED.currency, subtotal_price = EXCLUDED.subtotal_price,
                total_price = EXCLUDED.total_price, total_tax = EXCLUDED.total_tax,
                total_discounts = EXCLUDED.total_discounts, tags = EXCLUDED.tags, customer_id = EXCLUDED.customer_id,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
                cancelled_at = EXCLUDED.cancelled_at, cancel_reason = EXCLUDED.cancel_reason,
                closed_at = EXCLUDED.closed_at, version_triggered_at = EXCLUDED.version_triggered_at,
                needs_refresh = false
            WHERE (o.updated_at, COALESCE(o.version_triggered_at, '-infinity'))
                < (EXCLUDED.updated_at, COALESCE(EXCLUDED.version_triggered_at, '-infinity'))""";

    // OrderRepository.DELETE_LINE_ITEMS
    static final String DELETE_LINE_ITEMS = """
            DELETE FROM order_line_items WHERE shop_domain = ? AND order_id = ?""";

    // OrderEnrichment.FACTS
    static final String FACTS = """
            SELECT o.id, o.name, o.order_number, o.financial_status, o.fulfillment_status, o.currency,
                   o.subtotal_price, o.total_price, o.total_tax, o.total_discounts, o.tags, o.customer_id,
                   o.created_at, o.updated_at, o.cancelled_at, o.closed_at,
                   li.units, li.lines, r.refunded, c.order_count, c.spend, c.refunds, c.earlier
            FROM orders o
            CROSS JOIN LATERAL (SELECT COALESCE(SUM(quantity), 0) AS units, COUNT(*) AS lines FROM order_line_items
                                WHERE shop_domain = o.shop_domain AND order_id = o.id) li
            CROSS JOIN LATERAL (SELECT COALESCE(SUM(amount), 0) AS refunded FROM refunds
                                WHERE shop_domain = o.shop_domain AND order_id = o.id) r
            CROSS JOIN LATERAL (SELECT COUNT(*) FILTER (WHERE h.cancelled_at IS NULL) AS order_count,
                                       COALESCE(SUM(h.total_price) FILTER (WHERE h.cancelled_at IS NULL), 0) AS spend,
                                       COALESCE((SELECT SUM(f.amount) FROM refunds f JOIN orders g
                                                 ON g.shop_domain = f.shop_domain AND g.id = f.order_id
                                                 WHERE g.shop_domain = o.shop_domain AND g.customer_id = o.customer_id
                                                 AND g.cancelled_at IS NULL), 0) AS refunds,
                                       COUNT(*) FILTER (WHERE (h.created_at, h.id) < (o.created_at, o.id)) AS earlier
                                FROM orders h WHERE h.shop_domain = o.shop_domain AND h.customer_id = o.customer_id) c
            WHERE o.shop_domain = ? AND o.id = ?""";

    // Outbox.INSERT
    static final String OUTBOX = """
            INSERT INTO outbox (topic, key, ce_id, ce_type, ce_source, ce_time, correlation_id, payload)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS text), ?)""";

    static final String ENRICHED_TOPIC = "shopstream.orders.enriched.v1";
    static final String CE_TYPE = "io.shopstream.order.enriched.v1";
    static final String RAW_TOPIC = "shopify.orders.v1";
    static final int RAW_PARTITIONS = 6;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An order with its delivery, as the application would have it after reading the record. */
    record Work(SyntheticOrders.Order order, OffsetDateTime triggeredAt, String correlationId, int partition,
            long offset, String lineItemsSql) {
    }

    private RawUpsertCeiling() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        String url = args.required("jdbc-url");
        Properties db = new Properties();
        db.setProperty("user", args.get("user", "shopstream"));
        db.setProperty("password", args.get("password", "shopstream"));
        db.setProperty("ApplicationName", "shopstream-bench-ceiling");
        db.setProperty("reWriteBatchedInserts", "true");
        int orders = args.integer("orders", 100_000);
        int shops = args.integer("shops", 1_000);
        int batch = args.integer("batch", 500);
        int threads = args.integer("threads", 1);
        long postgresPid = args.longValue("postgres-pid", -1);
        String runId = args.get("run-id", "%08x".formatted(System.nanoTime() & 0xffffffffL));
        List<String> modes = Arrays.stream(args.get("modes", "tx,batch").split(",")).map(String::trim).toList();
        String shopPrefix = args.get("shop-prefix", "ceiling");

        int namespace = 10;
        for (String mode : modes) {
            if (!mode.equals("tx") && !mode.equals("batch")) {
                throw new IllegalArgumentException("unknown mode " + mode + " (tx, batch)");
            }
            String prefix = shopPrefix + "-" + mode;
            List<Work> work = generate(new SyntheticOrders(prefix, shops, namespace++, runId), orders);
            System.gc();
            System.err.printf("[ceiling] %s: %d orders for %d shops (%s-0001 ...), %d thread(s)%s%n", mode, orders,
                    shops, prefix, threads, mode.equals("batch") ? ", " + batch + " orders per transaction" : "");

            double postgresBase = postgresPid > 0 ? ProcCpu.tree(postgresPid) : 0;
            double selfBase = ProcCpu.process(ProcessHandle.current().pid());
            double[] machineBase = ProcCpu.machine();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Work> slice = slice(work, shops, threads, t);
                results.add(pool.submit(() -> {
                    try (Connection connection = ProcessingProgress.connect(url, db, 10_000)) {
                        connection.setAutoCommit(false);
                        return mode.equals("tx") ? perOrder(connection, slice) : batched(connection, slice, batch);
                    }
                }));
            }
            long applied = 0;
            for (Future<Long> result : results) {
                applied += result.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] machine = ProcCpu.machine();
            double self = ProcCpu.process(ProcessHandle.current().pid()) - selfBase;
            // A closed connection's backend shows up in the postmaster's reaped-children time only once the
            // postmaster has reaped it: a few milliseconds after close().
            Thread.sleep(500);
            double postgres = postgresPid > 0 ? ProcCpu.tree(postgresPid) - postgresBase : 0;

            String check;
            try (Connection connection = ProcessingProgress.connect(url, db, 10_000);
                    Statement statement = connection.createStatement()) {
                String shopsLike = " WHERE shop_domain LIKE '" + prefix + "-%'";
                check = "ledger=%d orders_rows=%d line_items=%d outbox=%d".formatted(
                        count(statement, "SELECT count(*) FROM processed_deliveries" + shopsLike),
                        count(statement, "SELECT count(*) FROM orders" + shopsLike),
                        count(statement, "SELECT count(*) FROM order_line_items" + shopsLike),
                        count(statement, "SELECT count(*) FROM outbox WHERE key LIKE '" + prefix + "-%'"));
                // never to be published: the application may run against this database again
                statement.executeUpdate("DELETE FROM outbox WHERE key LIKE '" + prefix + "-%'");
            }
            System.out.printf("CEILING mode=%s orders=%d applied=%d threads=%d batch=%d seconds=%.2f"
                    + " orders_per_s=%.1f cpu_client_s=%.2f cpu_postgres_s=%.2f machine_busy_s=%.2f"
                    + " machine_idle_s=%.2f %s%n", mode, orders, applied, threads, mode.equals("tx") ? 1 : batch,
                    seconds, orders / seconds, self, postgres, machine[0] - machineBase[0],
                    machine[1] - machineBase[1], check);
            System.out.flush();
            if (applied != orders) {
                System.err.printf("[ceiling] %s: only %d of %d orders applied%n", mode, applied, orders);
                System.exit(1);
            }
        }
    }

    private static List<Work> generate(SyntheticOrders generator, int orders) {
        List<Work> work = new ArrayList<>(orders);
        long[] offsets = new long[RAW_PARTITIONS];
        for (int i = 0; i < orders; i++) {
            SyntheticOrders.Order order = generator.order(i);
            // the partition Kafka's default partitioner gives the shop key
            int partition = Utils.toPositive(Utils.murmur2(order.shop().getBytes(StandardCharsets.UTF_8)))
                    % RAW_PARTITIONS;
            work.add(new Work(order, order.triggeredAtTime(), CorrelationId.mint(), partition, offsets[partition]++,
                    lineItemsSql(order.lineItems().size())));
        }
        return work;
    }

    private static List<Work> slice(List<Work> work, int shops, int threads, int thread) {
        if (threads == 1) {
            return work;
        }
        return work.stream().filter(w -> (w.order().index() % shops) % threads == thread).toList();
    }

    /** OrderRepository.replaceLineItems: one multi-row insert for all of an order's line items. */
    static String lineItemsSql(int items) {
        StringJoiner rows = new StringJoiner(", ", "INSERT INTO order_line_items (shop_domain, id, order_id,"
                + " product_id, variant_id, sku, title, quantity, price) VALUES ",
                " ON CONFLICT (shop_domain, id) DO UPDATE SET order_id = EXCLUDED.order_id");
        for (int i = 0; i < items; i++) {
            rows.add("(?, ?, ?, CAST(? AS bigint), CAST(? AS bigint), CAST(? AS text), CAST(? AS text), ?,"
                    + " CAST(? AS numeric))");
        }
        return rows.toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // mode tx: one transaction per order

    private static long perOrder(Connection connection, List<Work> work) throws SQLException {
        long applied = 0;
        try (PreparedStatement claim = connection.prepareStatement(CLAIM);
                PreparedStatement upsert = connection.prepareStatement(UPSERT);
                PreparedStatement deleteItems = connection.prepareStatement(DELETE_LINE_ITEMS);
                PreparedStatement insertItems = connection.prepareStatement(work.get(0).lineItemsSql());
                PreparedStatement facts = connection.prepareStatement(FACTS);
                PreparedStatement outbox = connection.prepareStatement(OUTBOX)) {
            for (Work w : work) {
                bindClaim(claim, w);
                if (claim.executeUpdate() == 1) {
                    bindUpsert(upsert, w);
                    if (upsert.executeUpdate() == 1) {
                        bindDeleteItems(deleteItems, w);
                        deleteItems.executeUpdate();
                        bindInsertItems(insertItems, w);
                        insertItems.executeUpdate();
                        String payload = enrich(facts, w);
                        if (payload != null) {
                            bindOutbox(outbox, w, payload);
                            outbox.executeUpdate();
                        }
                        applied++;
                    }
                }
                connection.commit();
            }
        }
        return applied;
    }

    // ------------------------------------------------------------------------------------------------------------
    // mode batch: many orders per transaction, one JDBC batch per statement kind

    private static long batched(Connection connection, List<Work> work, int batchSize) throws SQLException {
        long applied = 0;
        try (PreparedStatement claim = connection.prepareStatement(CLAIM);
                PreparedStatement upsert = connection.prepareStatement(UPSERT);
                PreparedStatement deleteItems = connection.prepareStatement(DELETE_LINE_ITEMS);
                PreparedStatement insertItems = connection.prepareStatement(work.get(0).lineItemsSql());
                PreparedStatement facts = connection.prepareStatement(FACTS);
                PreparedStatement outbox = connection.prepareStatement(OUTBOX)) {
            for (int from = 0; from < work.size(); from += batchSize) {
                List<Work> chunk = work.subList(from, Math.min(work.size(), from + batchSize));
                for (Work w : chunk) {
                    bindClaim(claim, w);
                    claim.addBatch();
                }
                List<Work> claimed = affected(chunk, claim.executeBatch());
                for (Work w : claimed) {
                    bindUpsert(upsert, w);
                    upsert.addBatch();
                }
                List<Work> upserted = affected(claimed, upsert.executeBatch());
                for (Work w : upserted) {
                    bindDeleteItems(deleteItems, w);
                    deleteItems.addBatch();
                    bindInsertItems(insertItems, w);
                    insertItems.addBatch();
                }
                if (!upserted.isEmpty()) {
                    deleteItems.executeBatch();
                    insertItems.executeBatch();
                }
                int events = 0;
                for (Work w : upserted) {
                    String payload = enrich(facts, w);
                    if (payload != null) {
                        bindOutbox(outbox, w, payload);
                        outbox.addBatch();
                        events++;
                    }
                }
                if (events > 0) {
                    outbox.executeBatch();
                }
                connection.commit();
                applied += upserted.size();
            }
        }
        return applied;
    }

    /** The items whose statement changed a row (a rewritten batch insert reports SUCCESS_NO_INFO). */
    private static List<Work> affected(List<Work> items, int[] counts) {
        List<Work> changed = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
                changed.add(items.get(i));
            }
        }
        return changed;
    }

    // ------------------------------------------------------------------------------------------------------------
    // parameters, in the order of the statements' placeholders

    private static void bindClaim(PreparedStatement s, Work w) throws SQLException {
        SyntheticOrders.Order o = w.order();
        s.setString(1, o.shop());
        s.setString(2, o.webhookId());
        s.setString(3, SyntheticOrders.SHOPIFY_TOPIC);
        s.setString(4, o.eventId());
        s.setObject(5, w.triggeredAt());
        s.setString(6, RAW_TOPIC);
        s.setInt(7, w.partition());
        s.setLong(8, w.offset());
    }

    private static void bindUpsert(PreparedStatement s, Work w) throws SQLException {
        SyntheticOrders.Order o = w.order();
        s.setString(1, o.shop());
        s.setLong(2, o.id());
        s.setString(3, o.name());
        s.setLong(4, o.number());
        s.setString(5, o.email());
        s.setString(6, o.financialStatus());
        s.setNull(7, Types.VARCHAR); // fulfillment_status: unfulfilled
        s.setString(8, o.currency());
        s.setBigDecimal(9, o.subtotalPrice());
        s.setBigDecimal(10, o.totalPrice());
        s.setBigDecimal(11, o.totalTax());
        s.setBigDecimal(12, o.totalDiscounts());
        s.setString(13, o.tags());
        s.setLong(14, o.customerId());
        s.setObject(15, o.createdAt());
        s.setObject(16, o.updatedAt());
        s.setNull(17, Types.TIMESTAMP_WITH_TIMEZONE); // cancelled_at
        s.setNull(18, Types.VARCHAR); // cancel_reason
        s.setNull(19, Types.TIMESTAMP_WITH_TIMEZONE); // closed_at
        s.setObject(20, w.triggeredAt());
        s.setString(21, o.shop());
        s.setString(22, Long.toString(o.id()));
        s.setObject(23, o.updatedAt());
    }

    private static void bindDeleteItems(PreparedStatement s, Work w) throws SQLException {
        s.setString(1, w.order().shop());
        s.setLong(2, w.order().id());
    }

    private static void bindInsertItems(PreparedStatement s, Work w) throws SQLException {
        SyntheticOrders.Order o = w.order();
        int p = 1;
        for (SyntheticOrders.LineItem item : o.lineItems()) {
            s.setString(p++, o.shop());
            s.setLong(p++, item.id());
            s.setLong(p++, o.id());
            s.setLong(p++, item.productId());
            s.setLong(p++, item.variantId());
            s.setString(p++, item.sku());
            s.setString(p++, item.title());
            s.setInt(p++, item.quantity());
            s.setBigDecimal(p++, item.price());
        }
    }

    private static void bindOutbox(PreparedStatement s, Work w, String payload) throws SQLException {
        SyntheticOrders.Order o = w.order();
        s.setString(1, ENRICHED_TOPIC);
        s.setString(2, o.shop());
        s.setString(3, o.webhookId() + "/order-enriched");
        s.setString(4, CE_TYPE);
        s.setString(5, "https://" + o.shop());
        s.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
        s.setString(7, w.correlationId());
        s.setString(8, payload);
    }

    // ------------------------------------------------------------------------------------------------------------
    // enrichment: the query, then the event JSON as OrderEnrichment.toEvent builds it

    private static String enrich(PreparedStatement facts, Work w) throws SQLException {
        facts.setString(1, w.order().shop());
        facts.setLong(2, w.order().id());
        try (ResultSet row = facts.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            return event(w, row);
        }
    }

    private static String event(Work w, ResultSet row) throws SQLException {
        BigDecimal subtotal = decimal(row.getBigDecimal(7));
        BigDecimal total = decimal(row.getBigDecimal(8));
        BigDecimal discounts = decimal(row.getBigDecimal(10));
        BigDecimal refunded = decimal(row.getBigDecimal(19));
        ObjectNode e = JSON.createObjectNode();
        e.put("schema_version", 1);
        e.put("shop_domain", w.order().shop());
        e.put("order_id", row.getLong(1));
        e.put("name", row.getString(2));
        e.put("order_number", row.getLong(3));
        e.put("financial_status", row.getString(4));
        e.put("fulfillment_status", row.getString(5));
        e.put("currency", row.getString(6));
        e.put("subtotal_price", money(subtotal));
        e.put("total_price", money(total));
        e.put("total_tax", money(decimal(row.getBigDecimal(9))));
        e.put("total_discounts", money(discounts));
        var tags = e.putArray("tags");
        String tagText = row.getString(11);
        if (tagText != null) {
            Arrays.stream(tagText.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(tags::add);
        }
        long customerId = row.getLong(12);
        boolean guest = row.wasNull();
        e.put("created_at", time(row.getObject(13, OffsetDateTime.class)));
        e.put("updated_at", time(row.getObject(14, OffsetDateTime.class)));
        e.put("cancelled_at", time(row.getObject(15, OffsetDateTime.class)));
        e.put("closed_at", time(row.getObject(16, OffsetDateTime.class)));
        e.put("units", row.getInt(17));
        e.put("line_count", row.getInt(18));
        BigDecimal gross = subtotal.add(discounts);
        e.put("discount_ratio", (gross.signum() == 0 ? BigDecimal.ZERO.setScale(4)
                : discounts.divide(gross, 4, RoundingMode.HALF_EVEN)).toPlainString());
        e.put("refunded_amount", money(refunded));
        e.put("net_revenue", money(total.subtract(refunded)));
        if (guest) {
            e.putNull("customer");
        } else {
            ObjectNode customer = e.putObject("customer");
            customer.put("id", customerId);
            customer.put("order_count", row.getLong(20));
            BigDecimal spend = decimal(row.getBigDecimal(21)).subtract(decimal(row.getBigDecimal(22)));
            customer.put("lifetime_spend", money(spend));
            customer.put("first_order", row.getLong(23) == 0);
        }
        ObjectNode source = e.putObject("source");
        source.put("topic", SyntheticOrders.SHOPIFY_TOPIC);
        source.put("webhook_id", w.order().webhookId());
        source.put("triggered_at", w.triggeredAt().toInstant().toString());
        source.put("correlation_id", w.correlationId());
        try {
            return JSON.writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static BigDecimal decimal(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static String money(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return value.setScale(Math.max(2, stripped.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String time(OffsetDateTime value) {
        return value == null ? null : value.toInstant().toString();
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
