package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

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
import io.restassured.response.Response;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.TopicRecorder;
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
        // The first publish fetches the topic's metadata through the proxy; on a busy machine that alone can outlast
        // the 1 s timeout. Warm up until Kafka answers in time, then freeze it.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Webhooks.send(SignedSample.load("products-delete.json")).statusCode() == 200);
        kafka.proxy().freeze();

        long started = System.nanoTime();
        Response refused = Webhooks.send(SignedSample.load("orders-create.json"));
        // Shopify's timeout covers the answer's arrival, not this test's checks of it
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4500));
        refused.then()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("type", equalTo("urn:shopstream:problem:not-stored"));

        kafka.proxy().thaw();
        TopicRecorder recorder = TopicRecorder.start(kafka.companion(), Set.of("shopify.products.v1"));
        try {
            // publishing recovers; the first publish after the thaw may itself be slow on a busy machine
            AtomicReference<String> correlationId = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Response response = Webhooks.send(SignedSample.load("products-update.json"));
                correlationId.set(response.header("X-Correlation-Id"));
                return response.statusCode() == 200;
            });
            ConsumerRecord<String, byte[]> record = recorder.awaitOne(correlationId.get());
            assertThat(record.value()).isEqualTo(SignedSample.load("products-update.json").body());
        } finally {
            recorder.close();
        }
    }
}
