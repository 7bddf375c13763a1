package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.LogCapture;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.Scrape;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Webhooks;

/**
 * An 18 KB {@code a/a/a…} topic header with a bogus signature once put a StackOverflowError from the access log's
 * metric tag in the log. It is a plain 401, counted under family "invalid", with one access-log line.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class OversizedTopicHeaderTest {

    @Test
    void answersAnOversizedRepetitiveTopicWithABogusSignature401WithoutAnError() {
        String hostile = "a/".repeat(9_000) + "a";
        Scrape before = Scrape.take();
        try (LogCapture log = LogCapture.all()) {
            String correlationId = Webhooks.send(SignedSample.load("orders-create.json")
                    .withHeader("X-Shopify-Topic", hostile)
                    .withHeader("X-Shopify-Hmac-Sha256", "Ym9ndXM="))
                    .then().statusCode(401).extract().header("X-Correlation-Id");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.lines())
                    .anySatisfy(line -> assertThat(line.message()).contains("status=401",
                            "correlation_id=" + correlationId)));
            assertThat(log.lines()).noneSatisfy(line -> assertThat(line.message())
                    .containsAnyOf("StackOverflowError", "a/a/a/a/a/a/a/a"));
            assertThat(log.lines()).noneSatisfy(line -> assertThat(line.level().intValue())
                    .isGreaterThanOrEqualTo(java.util.logging.Level.SEVERE.intValue()));
        }
        Scrape after = Scrape.take();
        assertThat(after.value("shopstream_webhooks_received_total", "family", "invalid", "status", "401")
                - before.value("shopstream_webhooks_received_total", "family", "invalid", "status", "401"))
                .isEqualTo(1);
    }
}
