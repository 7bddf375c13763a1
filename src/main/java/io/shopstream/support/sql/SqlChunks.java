package io.shopstream.support.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits the rows of a multi-row statement so that no statement passes PostgreSQL's parameter limit. */
public final class SqlChunks {

    private SqlChunks() {
    }

    public static <T> List<List<T>> of(List<T> rows, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + size)));
        }
        return chunks;
    }
}
