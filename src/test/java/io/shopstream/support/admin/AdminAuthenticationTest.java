package io.shopstream.support.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class AdminAuthenticationTest {

    /** The operator's token in the %test profile (application.properties). */
    public static final String TEST_TOKEN = "shopstream-test-admin-token";

    @Test
    void aConfiguredTokenIdentifiesItsOperator() {
        given().auth().oauth2(TEST_TOKEN)
                .when().get("/admin/whoami")
                .then().statusCode(200)
                .body("operator", equalTo("test-operator"));
    }

    @Test
    void noTokenIsUnauthorizedWithABearerChallenge() {
        given().when().get("/admin/whoami")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void anUnknownTokenIsUnauthorizedAndNotEchoed() {
        given().auth().oauth2("not-a-configured-token")
                .when().get("/admin/whoami")
                .then().statusCode(401)
                .body(not(containsString("not-a-configured-token")));
    }

    @Test
    void anyAdminPathRequiresAToken() {
        given().when().get("/admin/no-such-endpoint")
                .then().statusCode(401);
    }
}
