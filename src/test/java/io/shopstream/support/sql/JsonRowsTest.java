package io.shopstream.support.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonRowsTest {

    private record Line(long id, Long productId, Integer quantity, BigDecimal price, Boolean tracked,
            OffsetDateTime updatedAt, String sku) {
    }

    @Test
    void writesOneObjectPerRowWithNullsAndExactDecimals() {
        List<Line> lines = Arrays.asList(
                new Line(9007199254740993L, 42L, 3, new BigDecimal("0.10"), true,
                        OffsetDateTime.parse("2026-08-14T10:21:09-05:00"), "SOCK \"TR\" M"),
                new Line(1L, null, null, null, null, null, null));

        String json = JsonRows.of(lines, (row, line) -> row.put("id", line.id()).put("product_id", line.productId())
                .put("quantity", line.quantity()).put("price", line.price()).put("tracked", line.tracked())
                .put("updated_at", line.updatedAt()).put("sku", line.sku()));

        assertThat(json).isEqualTo("[{\"id\":9007199254740993,\"product_id\":42,\"quantity\":3,\"price\":\"0.10\","
                + "\"tracked\":true,\"updated_at\":\"2026-08-14T10:21:09-05:00\",\"sku\":\"SOCK \\\"TR\\\" M\"},"
                + "{\"id\":1,\"product_id\":null,\"quantity\":null,\"price\":null,\"tracked\":null,"
                + "\"updated_at\":null,\"sku\":null}]");
    }

    @Test
    void noRowsIsAnEmptyArray() {
        assertThat(JsonRows.of(List.of(), (row, item) -> row.put("x", "y"))).isEqualTo("[]");
    }
}
