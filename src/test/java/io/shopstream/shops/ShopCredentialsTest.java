package io.shopstream.shops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shopstream.devservices.simulator.ShopifySimulator;
import io.shopstream.devservices.simulator.SimulatedShop;
import io.shopstream.shopify.GraphQlResponse;
import io.shopstream.shopify.Operations;
import io.shopstream.shopify.ShopCredentialsInvalidException;
import io.shopstream.shopify.ShopUninstalledException;
import io.shopstream.shopify.ShopifyAdminClient;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.LogCapture;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.ShopifySimulatorResource;
import io.shopstream.testing.Sql;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Credentials through the admin API, encrypted at rest; 401 stops a shop; an uninstall stops it until new
 * credentials are stored; tokens never leak.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ShopifySimulatorResource.class, scope = TestResourceScope.GLOBAL)
class ShopCredentialsTest {

    private static final String ADMIN = "shopstream-test-admin-token";
    /** Configured for this shop in the %test profile. */
    private static final String CONFIGURED_SHOP = "configured.myshopify.com";
    private static final String CONFIGURED_TOKEN = "shpat_test_configured_token";

    @Inject
    ShopifyAdminClient client;

    ShopifySimulator simulator;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private static String newDomain(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    }

    private static void put(String shop, String token) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("accessToken", token, "plan", "standard"))
                .when().put("/admin/shops/" + shop + "/credentials")
                .then().statusCode(200).body("valid", equalTo(true)).body("source", equalTo("TABLE"))
                .body(not(containsString(token)));
    }

    @Test
    void storedCredentialsAreEncryptedShownWithoutTheTokenAndDeletable() {
        String shop = newDomain("stored");
        String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        put(shop, token);
        byte[] stored = (byte[]) Sql.query("SELECT access_token_encrypted FROM shop_credentials WHERE shop_domain = ?",
                shop).get(0).get("access_token_encrypted");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(token);
        assertThat(Sql.query("SELECT updated_by FROM shop_credentials WHERE shop_domain = ?", shop).get(0))
                .containsEntry("updated_by", "test-operator");

        given().auth().oauth2(ADMIN).when().get("/admin/shops/" + shop)
                .then().statusCode(200).body("shop", equalTo(shop)).body("plan", equalTo("standard"))
                .body("valid", equalTo(true)).body("updatedAt", notNullValue()).body(not(containsString(token)));
        given().auth().oauth2(ADMIN).when().delete("/admin/shops/" + shop).then().statusCode(204);
        given().auth().oauth2(ADMIN).when().get("/admin/shops/" + shop).then().statusCode(404);
    }

    @Test
    void theAdminEndpointsNeedAnOperatorAndAValidDomain() {
        given().contentType(ContentType.JSON).body(Map.of("accessToken", "shpat_x"))
                .when().put("/admin/shops/a.myshopify.com/credentials").then().statusCode(401);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("accessToken", "shpat_x"))
                .when().put("/admin/shops/Not_A_Domain/credentials").then().statusCode(400);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("plan", "plus"))
                .when().put("/admin/shops/a.myshopify.com/credentials").then().statusCode(400);
    }

    @Test
    void configuredTokensWorkUntilTheTableHasOne() {
        simulator.shop(CONFIGURED_SHOP).accessToken(CONFIGURED_TOKEN).order(Operations.order(Operations.ORDER));
        given().auth().oauth2(ADMIN).when().get("/admin/shops/" + CONFIGURED_SHOP)
                .then().statusCode(200).body("source", equalTo("CONFIG")).body(not(containsString(CONFIGURED_TOKEN)));
        client.graphql(CONFIGURED_SHOP, Operations.tagsAdd(Operations.ORDER, "cfg"), "c-cfg")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(simulator.shop(CONFIGURED_SHOP).tags(Operations.ORDER)).contains("cfg");
    }

    @Test
    void unauthorizedStopsCallsToTheShopUntilNewCredentialsAreStoredAndNoTokenIsEverLogged() {
        String shop = newDomain("revoked");
        String oldToken = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        String newToken = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        put(shop, oldToken);
        SimulatedShop simulated = simulator.shop(shop).accessToken(oldToken).order(Operations.order(Operations.ORDER))
                .failNext(1, 500);
        try (LogCapture logs = LogCapture.all()) {
            // a server error, retried, with the old token
            client.graphql(shop, Operations.tagsAdd(Operations.ORDER, "w"), "c-500").await()
                    .atMost(Duration.ofSeconds(10));
            // then Shopify revokes the token
            simulated.accessToken(newToken);
            Throwable refused = catchThrowable(() -> client.graphql(shop, Operations.tagsAdd(Operations.ORDER, "x"),
                    "c-401").await().atMost(Duration.ofSeconds(10)));
            assertThat(refused).isInstanceOf(ShopCredentialsInvalidException.class);
            assertThat(simulator.requests(shop)).hasSize(3);
            Throwable fastFail = catchThrowable(() -> client.graphql(shop, Operations.tagsAdd(Operations.ORDER, "y"),
                    "c-401b").await().atMost(Duration.ofSeconds(10)));
            assertThat(fastFail).isInstanceOf(ShopCredentialsInvalidException.class);
            assertThat(simulator.requests(shop)).as("no call after the 401").hasSize(3);
            // persisted in the background (the client does not wait for the database on a 401)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Sql.query(
                    "SELECT invalid_since FROM shop_credentials WHERE shop_domain = ?", shop).get(0)
                    .get("invalid_since")).isNotNull());
            given().auth().oauth2(ADMIN).when().get("/admin/shops/" + shop)
                    .then().statusCode(200).body("valid", equalTo(false));
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("shopstream_shop_credentials_invalid"))
                    .body(containsString("outcome=\"unauthorized\""))
                    .body(not(containsString(oldToken))).body(not(containsString(shop)));

            put(shop, newToken);
            GraphQlResponse response = client.graphql(shop, Operations.tagsAdd(Operations.ORDER, "z"), "c-new")
                    .await().atMost(Duration.ofSeconds(10));
            assertThat(response.data().getJsonObject("tagsAdd").getJsonObject("node")).isNotNull();
            assertThat(simulated.tags(Operations.ORDER)).containsExactly("w", "z");

            assertThat(refused.getMessage()).doesNotContain(oldToken);
            assertThat(logs.lines()).isNotEmpty();
            assertThat(logs.lines()).allSatisfy(line -> assertThat(line.message())
                    .doesNotContain(oldToken).doesNotContain(newToken));
            assertThat(logs.lines()).filteredOn(line -> line.message().contains("credentials are invalid"))
                    .singleElement().satisfies(line -> assertThat(line.message()).contains(shop));
        }
    }

    @Test
    void anUninstalledShopGetsNoCallUntilNewCredentialsReactivateIt() {
        String shop = RawRecords.newShop();
        String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        put(shop, token);
        SimulatedShop simulated = simulator.shop(shop).accessToken(token).order(Operations.order(Operations.ORDER));

        // uninstalled after the token was stored (an uninstall triggered before it would be stale)
        RawRecords.send(kafka, RawRecords.of("app-uninstalled.json", shop).triggeredAt(Instant.now().toString())
                .build());
        Ledger.awaitProcessed(shop, 1);
        // reading the status refreshes the cached state at once (otherwise: credentials-cache-ttl)
        given().auth().oauth2(ADMIN).when().get("/admin/shops/" + shop)
                .then().statusCode(200).body("active", equalTo(false)).body("valid", equalTo(true));

        Throwable refused = catchThrowable(() -> client.graphql(shop, Operations.tagsAdd(Operations.ORDER, "u"),
                "c-uninstalled").await().atMost(Duration.ofSeconds(10)));
        assertThat(refused).isInstanceOf(ShopUninstalledException.class).hasMessageContaining(shop)
                .hasMessageNotContaining(token);
        assertThat(simulator.requests(shop)).as("nothing reaches Shopify").isEmpty();

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("accessToken", token, "plan", "standard"))
                .when().put("/admin/shops/" + shop + "/credentials")
                .then().statusCode(200).body("active", equalTo(true));
        assertThat(Sql.query("SELECT status, reinstalled_at FROM shop_installations WHERE shop_domain = ?", shop)
                .get(0)).containsEntry("status", "installed").extractingByKey("reinstalled_at").isNotNull();
        client.graphql(shop, Operations.tagsAdd(Operations.ORDER, "back"), "c-reinstalled")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(simulated.tags(Operations.ORDER)).containsExactly("back");
        assertThat(simulator.requests(shop)).singleElement()
                .satisfies(request -> assertThat(request.correlationId()).isEqualTo("c-reinstalled"));
    }
}
