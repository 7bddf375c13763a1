package io.shopstream.testing;

import io.shopstream.devservices.EmbeddedPostgres;

/**
 * The test database, injected by {@link PostgresResource} into any test field of this type. {@link #stop()} takes
 * the database away the way an operator's restart would (open transactions rolled back, connections closed,
 * new connections refused); {@link #start()} brings it back on the same port with everything committed before.
 * A test that stops it must start it again (in a {@code finally} or {@code @AfterEach}): other test classes share
 * the server.
 *
 * <pre>{@code
 * PostgresServer postgres;   // injected
 *
 * @AfterEach
 * void databaseBack() {
 *     postgres.start();      // no-op when running
 * }
 * }</pre>
 */
public final class PostgresServer {

    private final EmbeddedPostgres postgres;

    PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}); returns once the server has exited. No-op when stopped. */
    public void stop() {
        postgres.stop();
    }

    /** Starts the server again on the same port and data directory; returns once it answers queries. */
    public void start() {
        postgres.start();
    }

    public boolean running() {
        return postgres.running();
    }

    public int port() {
        return postgres.port();
    }

    /** {@code jdbc:postgresql://localhost:<port>/shopstream}; user and password {@link #USERNAME}. */
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String reactiveUrl() {
        return postgres.reactiveUrl();
    }

    public static final String USERNAME = EmbeddedPostgres.USERNAME;
    public static final String PASSWORD = EmbeddedPostgres.PASSWORD;
}
