package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Webhooks;

/** No broker at all behind the producer's bootstrap address. */
@QuarkusTest
@TestProfile(KafkaUnreachableTest.Profile.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class KafkaUnreachableTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.raw-webhooks.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "shopstream.ingest.publish-timeout", "1s");
        }
    }

    @Test
    void answers503WithRetryAfterAndNeverA200() {
        io.restassured.RestAssured.get("/q/health/live"); // warms the HTTP client up, so only the endpoint is timed
        for (String file : new String[] { "orders-create.json", "inventory_levels-update.json" }) {
            long started = System.nanoTime();
            Webhooks.send(SignedSample.load(file)).then().statusCode(503).header("Retry-After", "5");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4500));
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
