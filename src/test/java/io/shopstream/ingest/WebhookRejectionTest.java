package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.Unpublished;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Signatures;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class WebhookRejectionTest {

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @TestHTTPResource(Webhooks.PATH)
    URI endpoint;

    @Test
    void rejectsATamperedBodyWith401() {
        SignedSample sample = SignedSample.load("orders-create.json");
        byte[] tampered = sample.body().clone();
        tampered[100] ^= 0x01;

        String correlationId = Webhooks.send(sample.withBody(tampered, sample.header("X-Shopify-Hmac-Sha256")))
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("type", equalTo("urn:shopstream:problem:invalid-signature"))
                .body("detail", not(containsString(SignedSample.SECRET)))
                .extract().header("X-Correlation-Id");

        unpublished.assertNothingFor(correlationId);
    }

    @Test
    void rejectsASignatureByAnUnknownSecretWith401() {
        SignedSample sample = SignedSample.load("customers-redact.json");

        String correlationId = Webhooks.send(sample.withBody(sample.body(), Signatures.sign(sample.body(), "nope")))
                .then().statusCode(401).extract().header("X-Correlation-Id");

        unpublished.assertNothingFor(correlationId);
    }

    @Test
    void rejectsAMissingSignatureWith401EvenWhenOtherHeadersAreMissingToo() {
        SignedSample sample = SignedSample.load("orders-create.json")
                .withHeader("X-Shopify-Hmac-Sha256", null)
                .withHeader("X-Shopify-Topic", null);

        Webhooks.send(sample).then().statusCode(401).header("X-Correlation-Id", not(emptyOrNullString()));
    }

    @Test
    void refusesABodyOverTheLimitWith413BeforeReadingIt() throws Exception {
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        SignedSample sample = SignedSample.load("orders-create.json");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .expectContinue(true)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        sample.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                request.header(name, value);
            }
        });

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
    }
}
