package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

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
import io.shopstream.testing.Scrape;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Unpublished;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The bytes all in-flight bodies may hold have a budget (shopstream.ingest.in-flight-body-budget): a declared
 * Content-Length is reserved whole when the headers arrive, so slow senders cannot hold more than the budget, and
 * a request past it is answered 503 with Retry-After (Shopify retries) and publishes nothing.
 */
@QuarkusTest
@TestProfile(TightEdgeProfile.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class BodyBudgetTest {

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @TestHTTPResource("/")
    URI server;

    @Test
    void answers503WithRetryAfterWhileSlowSendersHoldTheBudgetThenServesAgain() {
        SignedSample sample = SignedSample.load("orders-create.json");
        Scrape before = Scrape.take();
        String refused;
        try (RawHttp slow = RawHttp.connect(server)) {
            // declares most of the budget and sends almost nothing of it
            slow.send(RawHttp.head("POST", Webhooks.PATH, sample,
                    Map.of("Content-Length", String.valueOf(TightEdgeProfile.BUDGET_BYTES - 1024))));
            slow.send("{");
            await().atMost(Duration.ofSeconds(5)).until(() -> Scrape.take()
                    .value("shopstream_webhooks_bodies_in_flight_bytes") >= TightEdgeProfile.BUDGET_BYTES - 1024);

            refused = Webhooks.send(sample).then().statusCode(503)
                    .header("Retry-After", equalTo("5"))
                    .header("Connection", equalTo("close"))
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:shopstream:problem:busy"))
                    .extract().header("X-Correlation-Id");
        }

        String accepted = await().atMost(Duration.ofSeconds(10)).until(
                () -> Webhooks.send(sample).then().extract(),
                response -> response.statusCode() == 200).header("X-Correlation-Id");
        unpublished.recorder().awaitOne(accepted);
        assertThat(unpublished.recorder().withCorrelationId(refused)).isEmpty();
        Scrape after = Scrape.take();
        assertThat(after.value("shopstream_webhooks_bodies_refused_total", "reason", "budget")
                - before.value("shopstream_webhooks_bodies_refused_total", "reason", "budget")).isEqualTo(1);
        assertThat(after.value("shopstream_webhooks_bodies_budget_bytes"))
                .isEqualTo(TightEdgeProfile.BUDGET_BYTES);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Scrape.take().value("shopstream_webhooks_bodies_in_flight_bytes") == 0);
    }
}
