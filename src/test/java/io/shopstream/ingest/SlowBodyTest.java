package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

/**
 * A body must arrive within shopstream.ingest.body-timeout (5 s by default, Shopify's own limit) of its headers:
 * a trickled or stalled upload is answered 408 and its connection closed, and nothing is published.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class SlowBodyTest {

    /** The default body timeout, plus scheduling slack on a shared machine. */
    private static final Duration CUT_OFF_WITHIN = Duration.ofSeconds(8);

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @TestHTTPResource("/")
    URI server;

    @Test
    void cutsOffAFiveMegabyteUploadTrickledAt100BytesASecondWith408() throws Exception {
        SignedSample sample = SignedSample.load("orders-create.json");
        ExecutorService trickler = Executors.newSingleThreadExecutor();
        try (RawHttp http = RawHttp.connect(server)) {
            http.send(RawHttp.head("POST", Webhooks.PATH, sample, Map.of("Content-Length", "5000000")));
            long started = System.nanoTime();
            byte[] hundred = new byte[100];
            Arrays.fill(hundred, (byte) ' ');
            trickler.submit(() -> {
                while (http.trySend(hundred)) {
                    TimeUnit.SECONDS.sleep(1);
                }
                return null;
            });

            RawHttp.Answer answer = http.read(Duration.ofSeconds(20));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.closed()).as("connection closed").isTrue();
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(took).isLessThan(CUT_OFF_WITHIN).isGreaterThan(Duration.ofSeconds(4));
            unpublished.assertNothingFor(answer.header("X-Correlation-Id"));
        } finally {
            trickler.shutdownNow();
        }
    }

    @Test
    void answersABodyShorterThanItsContentLengthWith408WhenTheSenderWaits() {
        SignedSample sample = SignedSample.load("orders-create.json");
        try (RawHttp http = RawHttp.connect(server)) {
            http.send(RawHttp.head("POST", Webhooks.PATH, sample,
                    Map.of("Content-Length", String.valueOf(sample.body().length + 10))));
            http.send(sample.body());

            RawHttp.Answer answer = http.read(Duration.ofSeconds(20));

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.closed()).isTrue();
            assertThat(answer.text()).contains("urn:shopstream:problem:body-timeout");
            unpublished.assertNothingFor(answer.header("X-Correlation-Id"));
        }
    }
}
