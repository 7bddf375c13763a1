package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.ProxiedKafkaResource;
import io.shopstream.testing.ProxiedKafkaResource.ProxiedKafka;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Webhooks;

/** A broker that accepts connections but stops answering, like a hung broker or a network partition. */
@QuarkusTest
@TestProfile(UnacknowledgedPublishTest.Profile.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ProxiedKafkaResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class UnacknowledgedPublishTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shopstream.ingest.publish-timeout", "1s");
        }
    }

    ProxiedKafka kafka;

    @AfterEach
    void thaw() {
        kafka.proxy().thaw();
    }

    @Test
    void answers503WithRetryAfterWithinShopifysTimeoutThenRecovers() {
        Webhooks.send(SignedSample.load("products-delete.json")).then().statusCode(200);
        kafka.proxy().freeze();

        long started = System.nanoTime();
        Webhooks.send(SignedSample.load("orders-create.json")).then()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("type", equalTo("urn:shopstream:problem:not-stored"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4500));

        kafka.proxy().thaw();
        String correlationId = Webhooks.send(SignedSample.load("products-update.json")).then().statusCode(200)
                .extract().header("X-Correlation-Id");
        ConsumerRecord<String, byte[]> record = kafka.companion().consume(String.class, byte[].class)
                .fromTopics("shopify.products.v1")
                .awaitRecords(2, Duration.ofSeconds(15))
                .stream()
                .filter(r -> correlationId.equals(io.shopstream.testing.TopicRecorder.header(r,
                        "shopstream-correlation-id")))
                .findFirst().orElseThrow();
        assertThat(record.value()).isEqualTo(SignedSample.load("products-update.json").body());
    }
}
