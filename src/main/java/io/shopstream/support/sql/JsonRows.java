package io.shopstream.support.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;

/**
 * The rows of a set-based statement as one JSON array, bound as a single parameter and unpacked by PostgreSQL's
 * {@code json_to_recordset(CAST(CAST(:rows AS text) AS json))} — the inner cast matters: bound straight to a
 * {@code json} parameter, the reactive driver would send a Java string as a JSON string scalar. The statement text then stays the same whatever the number of rows: Hibernate parses it
 * once, PostgreSQL plans it once, and no batch comes near the 65,535-parameter limit — where one placeholder per
 * value made every batch size a new statement of thousands of parameters to parse and plan.
 */
public final class JsonRows {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Writes one row's fields. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(Row row, T item) throws IOException;
    }

    private JsonRows() {
    }

    public static <T> String of(Collection<T> items, RowWriter<T> writer) {
        // unlike StringWriter's StringBuffer: no lock per write, no copying as it grows
        SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            Row row = new Row(json);
            json.writeStartArray();
            for (T item : items) {
                json.writeStartObject();
                writer.write(row, item);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.flush();
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException("rows could not be written as JSON", e);
        }
    }

    /** One object of the array; a null value is written as JSON null, which {@code json_to_recordset} reads as NULL. */
    public static final class Row {

        private final JsonGenerator json;

        Row(JsonGenerator json) {
            this.json = json;
        }

        public Row put(String column, String value) throws IOException {
            json.writeStringField(column, value);
            return this;
        }

        /** An integral value (an id, a count, a partition) or null. */
        public Row put(String column, Number value) throws IOException {
            if (value == null) {
                json.writeNullField(column);
            } else {
                json.writeNumberField(column, value.longValue());
            }
            return this;
        }

        public Row put(String column, Boolean value) throws IOException {
            if (value == null) {
                json.writeNullField(column);
            } else {
                json.writeBooleanField(column, value);
            }
            return this;
        }

        /** Exact: written as the decimal's plain string, read back as numeric. */
        public Row put(String column, BigDecimal value) throws IOException {
            json.writeStringField(column, value == null ? null : value.toPlainString());
            return this;
        }

        /** ISO-8601 with its offset, which PostgreSQL reads as the same instant. */
        public Row put(String column, OffsetDateTime value) throws IOException {
            json.writeStringField(column, value == null ? null : value.toString());
            return this;
        }
    }
}
