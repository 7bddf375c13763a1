package io.shopstream.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.shopstream.testing.Sql;
import io.shopstream.testing.TopicRecorder;

/** Shared checks of the compliance tests: events of a type, the schema, and personal data anywhere in a shop's rows. */
final class ComplianceTesting {

    static final long CUSTOMER = 7612345678901L;
    static final long ORDER = 6123456789012L;
    static final String EMAIL = "maya.okafor@example.com";
    static final String PHONE = "+15555550123";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema();

    private ComplianceTesting() {
    }

    /** The compliance events of a shop with this {@code type}, parsed. */
    static List<JsonNode> events(TopicRecorder recorder, String shop, String type) {
        return recorder.withKey(shop).stream().map(ComplianceTesting::json)
                .filter(event -> type.equals(event.path("type").asText())).toList();
    }

    static List<ConsumerRecord<String, byte[]>> records(TopicRecorder recorder, String shop, String type) {
        return recorder.withKey(shop).stream().filter(r -> type.equals(json(r).path("type").asText())).toList();
    }

    static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return json(new String(record.value(), StandardCharsets.UTF_8));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> violations(JsonNode event) {
        return SCHEMA.validate(event);
    }

    /** Every table of the schema with a shop_domain column (so tables added later are covered too). */
    static List<String> tablesWithShopDomain() {
        return Sql.query("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name = 'shop_domain' ORDER BY table_name""")
                .stream().map(row -> (String) row.get("table_name")).toList();
    }

    /** The shop's rows of every table with a shop_domain column, plus its outbox rows, each as JSON text. */
    static Map<String, List<String>> rowsOf(String shop) {
        Map<String, List<String>> rows = new java.util.TreeMap<>();
        for (String table : tablesWithShopDomain()) {
            rows.put(table, Sql.query("SELECT CAST(row_to_json(t) AS text) AS row FROM " + table
                    + " t WHERE shop_domain = ?", shop).stream().map(row -> (String) row.get("row")).toList());
        }
        rows.put("outbox", Sql.query("SELECT CAST(row_to_json(t) AS text) AS row FROM outbox t WHERE key = ?", shop)
                .stream().map(row -> (String) row.get("row")).toList());
        return rows;
    }

    private static JsonSchema schema() {
        try (InputStream in = ComplianceTesting.class.getResourceAsStream("/schemas/compliance-v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
