package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawHttp;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Unpublished;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Only {@code POST} on exactly {@code /webhooks/shopify} is the endpoint: other methods 405, other paths 404. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class WebhookPathTest {

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @TestHTTPResource("/")
    URI server;

    @ParameterizedTest
    @ValueSource(strings = { "GET", "PUT", "PATCH", "DELETE", "OPTIONS" })
    void answersOtherMethodsWith405AllowingPost(String method) {
        RawHttp.Answer answer = send(method, Webhooks.PATH);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("POST");
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        unpublished.assertNothingFor(answer.header("X-Correlation-Id"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/webhooks/shopify/", "/webhooks//shopify", "//webhooks/shopify",
            "/webhooks/x/../shopify", "/webhooks/x/%2e%2e/shopify", "/webhooks/./shopify", "/webhooks/%73hopify",
            "/webhooks/shopify;x=1", "/Webhooks/Shopify" })
    void answersVariantsOfThePathWith404AndPublishesNothing(String path) {
        RawHttp.Answer answer = send("POST", path);

        assertThat(answer.status()).as(path).isEqualTo(404);
        String correlationId = answer.header("X-Correlation-Id");
        if (correlationId != null) {
            unpublished.assertNothingFor(correlationId);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET", "DELETE" })
    void answersOtherMethodsOnAVariantPathWith404(String method) {
        assertThat(send(method, "/webhooks/shopify/").status()).isEqualTo(404);
    }

    private RawHttp.Answer send(String method, String path) {
        SignedSample sample = SignedSample.load("orders-create.json");
        try (RawHttp http = RawHttp.connect(server)) {
            http.send(RawHttp.head(method, path, sample, Map.of("Content-Length",
                    String.valueOf(sample.body().length), "Connection", "close")));
            http.send(sample.body());
            return http.read(Duration.ofSeconds(10));
        }
    }
}
