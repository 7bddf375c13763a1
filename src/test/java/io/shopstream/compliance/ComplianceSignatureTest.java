package io.shopstream.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Signatures;
import io.shopstream.testing.TopicRecorder;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Shopify's App Store review sends compliance webhooks with a wrong signature and expects 401. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ComplianceSignatureTest {

    private static TopicRecorder recorder;

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @BeforeEach
    void startRecorder() {
        if (recorder == null) {
            recorder = TopicRecorder.start(companion);
        }
    }

    @AfterAll
    static void stopRecorder() {
        if (recorder != null) {
            recorder.close();
            recorder = null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "customers-redact.json", "customers-data_request.json", "shop-redact.json",
            "app-uninstalled.json" })
    void aWrongSignatureIs401AndPublishesNothing(String file) {
        SignedSample sample = SignedSample.load(file);

        String rejected = Webhooks.send(sample.withBody(sample.body(), Signatures.sign(sample.body(), "wrong")))
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:shopstream:problem:invalid-signature"))
                .extract().header("X-Correlation-Id");

        // a valid webhook after the rejected one: once it is in Kafka, a stray record would be too
        String control = Webhooks.send(SignedSample.load("products-delete.json")).then().statusCode(200)
                .extract().header("X-Correlation-Id");
        recorder.awaitOne(control);
        assertThat(recorder.withCorrelationId(rejected)).isEmpty();
    }
}
