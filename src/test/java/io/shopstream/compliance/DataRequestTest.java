package io.shopstream.compliance;

import static io.restassured.RestAssured.given;
import static io.shopstream.compliance.ComplianceTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Sql;
import io.shopstream.testing.TopicRecorder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class DataRequestTest {

    static final String TOKEN = "shopstream-test-admin-token";
    static final long OTHER_ORDER = 6123456789099L;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private TopicRecorder events;
    private String shop;

    @BeforeEach
    void setUp() {
        shop = RawRecords.newShop();
        events = TopicRecorder.start(kafka, Set.of(ComplianceEvent.TOPIC));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /** The customer's order with a refund, another customer's order, then the data request: the ready event. */
    private JsonNode requestData() {
        RawRecords.send(kafka, RawRecords.of("orders-create.json", shop).build(),
                RawRecords.of("refunds-create.json", shop).build(),
                RawRecords.of("orders-create.json", shop).edit(json -> {
                    json.put("id", OTHER_ORDER).put("email", "someone.else@example.com").putArray("line_items");
                    json.withObject("customer").put("id", 7612345678999L);
                }).build());
        Ledger.awaitProcessed(shop, 3);
        RawRecords.send(kafka, RawRecords.of("customers-data_request.json", shop).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(events, shop, "data-request-ready").isEmpty());
        return events(events, shop, "data-request-ready").get(0);
    }

    @Test
    void theExportHoldsExactlyTheCustomersDataAndIsDownloadableByAnOperator() {
        JsonNode ready = requestData();

        assertThat(violations(ready)).isEmpty();
        assertThat(ready.path("customer_id").asLong()).isEqualTo(CUSTOMER);
        assertThat(ready.path("data_request_id").asLong()).isEqualTo(4412345L);
        assertThat(ready.path("records").path("orders").asLong()).isEqualTo(1);
        String path = ready.path("export_path").asText();
        assertThat(path).isEqualTo("/admin/compliance/exports/" + ready.path("export_id").asText());

        String body = given().auth().oauth2(TOKEN).when().get(path).then().statusCode(200)
                .contentType("application/json").extract().asString();
        JsonNode export = json(body);
        assertThat(export.path("customer_id").asLong()).isEqualTo(CUSTOMER);
        assertThat(export.path("shop_domain").asText()).isEqualTo(shop);
        assertThat(export.path("orders")).hasSize(1);
        JsonNode order = export.path("orders").get(0);
        assertThat(order.path("id").asLong()).isEqualTo(ORDER);
        assertThat(order.path("email").asText()).isEqualTo(EMAIL);
        assertThat(order.path("line_items")).hasSize(2);
        assertThat(order.path("refunds")).hasSize(1);
        assertThat(body).doesNotContain("someone.else@example.com", String.valueOf(OTHER_ORDER));

        assertThat(Sql.query("SELECT kind, CAST(export_id AS text) AS export_id FROM compliance_requests"
                + " WHERE shop_domain = ?", shop)).singleElement().satisfies(row -> {
                    assertThat(row.get("kind")).isEqualTo("customers/data_request");
                    assertThat(row.get("export_id")).isEqualTo(ready.path("export_id").asText());
                });
        given().auth().oauth2(TOKEN).queryParam("shop", shop).when().get("/admin/compliance/exports").then()
                .statusCode(200).body("id", hasItem(ready.path("export_id").asText()))
                .body("[0].path", equalTo(path)).body("[0].customer_id", equalTo(CUSTOMER));
    }

    @Test
    void exportsRequireTheAdminToken() {
        String path = requestData().path("export_path").asText();

        given().when().get(path).then().statusCode(401);
        given().auth().oauth2("not-a-token").when().get(path).then().statusCode(401);
        given().when().get("/admin/compliance/exports").then().statusCode(401);
    }

    @Test
    void anUnknownExportIs404() {
        given().auth().oauth2(TOKEN).when().get("/admin/compliance/exports/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:shopstream:problem:export-not-found"));
        given().auth().oauth2(TOKEN).when().get("/admin/compliance/exports/not-a-uuid").then().statusCode(404);
    }

    @Test
    void anExpiredExportIsGoneAndThenPurged() {
        JsonNode ready = requestData();
        String id = ready.path("export_id").asText();
        Sql.execute("UPDATE data_exports SET expires_at = now() - interval '1 second' WHERE id = CAST(? AS uuid)", id);

        int status = given().auth().oauth2(TOKEN).when().get(ready.path("export_path").asText()).then().extract()
                .statusCode();
        assertThat(status).isIn(410, 404);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Sql.scalar("SELECT count(*) FROM data_exports WHERE id = CAST(? AS uuid)", id)
                        .equals(0L));
        given().auth().oauth2(TOKEN).when().get(ready.path("export_path").asText()).then().statusCode(404);
        given().auth().oauth2(TOKEN).queryParam("shop", shop).when().get("/admin/compliance/exports").then()
                .statusCode(200).body("id", not(hasItem(id)));
    }
}
