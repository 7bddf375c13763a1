package io.shopstream.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * Plain JDBC against the test database of {@link PostgresResource}, as the application's user, one connection per
 * call (so it works across a {@link PostgresServer#stop()} and {@link PostgresServer#start()}). For assertions and
 * fixtures only: the application itself never uses JDBC.
 *
 * <pre>{@code
 * List<Map<String, Object>> rows = Sql.query("SELECT id, total_price FROM orders WHERE shop_domain = ?", shop);
 * long orders = Sql.count("orders");
 * Sql.execute("DELETE FROM orders WHERE shop_domain = ?", shop);
 * }</pre>
 *
 * Parameters are bound with {@code setObject} ({@link Instant} as a UTC {@link OffsetDateTime}). Values are
 * what the PostgreSQL driver returns ({@code Long} for bigint, {@code BigDecimal} for numeric, {@code Boolean},
 * {@code String}), except dates and times: {@code timestamptz} comes back as {@link OffsetDateTime} (UTC),
 * {@code timestamp} as {@link LocalDateTime}, {@code date} as {@link LocalDate}.
 * Column names are the labels of the query, so {@code SELECT count(*) AS n} gives a row with key {@code n}.
 */
public final class Sql {

    private Sql() {
    }

    /** Runs a query; each row is a map from column label to value, in column order. */
    public static List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.put(meta.getColumnLabel(column), value(rows, column, meta.getColumnTypeName(column)));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** The single value of a query that returns one row with one column (or null for no row). */
    public static Object scalar(String sql, Object... parameters) {
        List<Map<String, Object>> rows = query(sql, parameters);
        if (rows.isEmpty()) {
            return null;
        }
        if (rows.size() > 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one row with one column from " + sql + ", got " + rows);
        }
        return rows.get(0).values().iterator().next();
    }

    /** Number of rows in a table (the name is used as given). */
    public static long count(String table) {
        return ((Number) scalar("SELECT count(*) FROM " + table)).longValue();
    }

    /** Runs a statement in its own transaction (auto-commit) and returns the update count. */
    public static int execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.execute();
            return Math.max(statement.getUpdateCount(), 0);
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + sql, e);
        }
    }

    /**
     * A new connection as the application's user; the caller closes it. For tests that need their own
     * transaction (e.g. one left open while the server stops).
     */
    public static Connection connect() throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(PostgresResource.current().jdbcUrl());
        dataSource.setUser(PostgresServer.USERNAME);
        dataSource.setPassword(PostgresServer.PASSWORD);
        dataSource.setConnectTimeout(5);
        return dataSource.getConnection();
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            // the driver cannot bind an Instant; timestamptz takes it as an OffsetDateTime
            statement.setObject(i + 1, parameter instanceof Instant instant
                    ? instant.atOffset(ZoneOffset.UTC) : parameter);
        }
        return statement;
    }

    private static Object value(ResultSet rows, int column, String typeName) throws SQLException {
        return switch (typeName) {
            case "timestamptz" -> rows.getObject(column, OffsetDateTime.class);
            case "timestamp" -> rows.getObject(column, LocalDateTime.class);
            case "date" -> rows.getObject(column, LocalDate.class);
            default -> rows.getObject(column);
        };
    }
}
