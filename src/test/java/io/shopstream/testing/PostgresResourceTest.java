package io.shopstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The test database: migrated by the application at start, and a handle that stops and restarts it. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class PostgresResourceTest {

    private static final String SCRATCH = "postgres_resource_test_scratch";
    private static final String SHOP = "postgres-resource-test.myshopify.com";

    PostgresServer postgres;

    @AfterEach
    void databaseBack() {
        postgres.start();
        Sql.execute("DROP TABLE IF EXISTS " + SCRATCH);
    }

    @Test
    void flywayMigratedTheApplicationSchemaAtStart() {
        assertThat(Sql.query("SELECT version, success FROM flyway_schema_history WHERE version = '1'"))
                .containsExactly(Map.of("version", "1", "success", true));
        assertThat(Sql.scalar("SELECT to_regclass('public.orders')::text")).isEqualTo("orders");
        // other test classes of this application start may have written orders, never for this shop
        assertThat(Sql.scalar("SELECT count(*) FROM orders WHERE shop_domain = ?", SHOP)).isEqualTo(0L);
        assertThat(Sql.scalar("SELECT current_user")).isEqualTo(PostgresServer.USERNAME);
        assertThat((String) Sql.scalar("SELECT version()")).startsWith("PostgreSQL 17.");
    }

    @Test
    void stopRollsBackOpenTransactionsAndStartBringsBackEverythingCommitted() throws SQLException {
        Sql.execute("CREATE TABLE " + SCRATCH + " (id int PRIMARY KEY, note text)");
        Sql.execute("INSERT INTO " + SCRATCH + " VALUES (?, ?)", 1, "committed");
        try (Connection open = Sql.connect()) {
            open.setAutoCommit(false);
            try (Statement statement = open.createStatement()) {
                statement.executeUpdate("INSERT INTO " + SCRATCH + " VALUES (2, 'never committed')");
            }

            long stopping = System.nanoTime();
            postgres.stop();
            System.out.printf("PostgresResourceTest: stopped in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);

            assertThat(postgres.running()).isFalse();
            assertThatThrownBy(open::commit).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> Sql.count(SCRATCH)).hasRootCauseInstanceOf(java.net.ConnectException.class);
            RestAssured.get("/q/health/ready").then().statusCode(503);
        }

        int port = postgres.port();
        long starting = System.nanoTime();
        postgres.start();
        System.out.printf("PostgresResourceTest: restarted in %d ms%n", (System.nanoTime() - starting) / 1_000_000);

        assertThat(postgres.port()).isEqualTo(port);
        assertThat(Sql.query("SELECT id, note FROM " + SCRATCH))
                .isEqualTo(List.of(Map.of("id", 1, "note", "committed")));
        // the application's own pools reconnect by themselves
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
    }
}
