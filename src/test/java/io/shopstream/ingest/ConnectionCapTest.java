package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawHttp;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Unpublished;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Open connections are capped (quarkus.http.limits.max-connections, per HTTP event loop): past the cap a new
 * connection is closed unanswered and publishes nothing; once connections go away, webhooks are served again.
 */
@QuarkusTest
@TestProfile(TightEdgeProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ConnectionCapTest {

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @TestHTTPResource("/")
    URI server;

    /** One probing request, sent for a shop of its own so that its records (if any) can be told apart. */
    private record Probe(String shop, RawHttp.Answer answer) {
    }

    @Test
    void closesConnectionsPastTheCapUnansweredThenServesAgain() {
        SignedSample sample = SignedSample.load("products-delete.json");
        List<RawHttp> idle = new ArrayList<>();
        Probe refused;
        try {
            for (int i = 0; i < TightEdgeProfile.MAX_CONNECTIONS * TightEdgeProfile.IO_THREADS; i++) {
                // a connection counts once its first request's headers are in: these hold theirs, body unsent
                idle.add(RawHttp.connect(server).send(RawHttp.head("POST", Webhooks.PATH, sample,
                        Map.of("Content-Length", "1"))));
            }
            // the held connections are counted as their headers are read: probe until the cap is seen
            refused = await().atMost(Duration.ofSeconds(10)).until(() -> probe(sample),
                    probe -> probe.answer().closed() && probe.answer().status() == 0);

            assertThat(refused.answer().text()).isEmpty();
            long held = idle.stream().filter(connection -> !connection.read(Duration.ofMillis(50)).closed()).count();
            // other tests' pooled client connections may hold slots too: the cap is an upper bound
            assertThat(held).isPositive()
                    .isLessThanOrEqualTo((long) TightEdgeProfile.MAX_CONNECTIONS * TightEdgeProfile.IO_THREADS);
        } finally {
            idle.forEach(RawHttp::close);
        }

        String control = await().atMost(Duration.ofSeconds(10)).until(
                () -> Webhooks.send(sample).then().extract(),
                response -> response.statusCode() == 200).header("X-Correlation-Id");
        unpublished.recorder().awaitOne(control);
        assertThat(unpublished.recorder().withKey(refused.shop())).isEmpty();
    }

    private Probe probe(SignedSample sample) {
        String shop = "capped-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
        try (RawHttp extra = RawHttp.connect(server)) {
            extra.trySend(RawHttp.head("POST", Webhooks.PATH, sample.withHeader("X-Shopify-Shop-Domain", shop),
                    Map.of("Content-Length", String.valueOf(sample.body().length), "Connection", "close"))
                    .getBytes());
            extra.trySend(sample.body());
            return new Probe(shop, extra.read(Duration.ofSeconds(2)));
        }
    }
}
