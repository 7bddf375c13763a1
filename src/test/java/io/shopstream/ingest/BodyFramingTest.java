package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.LogCapture;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawHttp;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Unpublished;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Bodies whose framing is broken: cut short by the sender, malformed chunks, chunked past the size limit. None is
 * published and each connection is closed: cut short or malformed without an answer (the HTTP layer closes it; the
 * access log says so, status 499), past the limit with 413. A body cut short while the sender waits is
 * {@link SlowBodyTest}'s.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class BodyFramingTest {

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @TestHTTPResource("/")
    URI server;

    @Test
    void closesTheConnectionOfABodyCutShortByTheSendersHalfClose() {
        String shop = uniqueShop();
        SignedSample sample = SignedSample.load("orders-create.json").withHeader("X-Shopify-Shop-Domain", shop);
        try (RawHttp http = RawHttp.connect(server)) {
            http.send(RawHttp.head("POST", Webhooks.PATH, sample,
                    Map.of("Content-Length", String.valueOf(sample.body().length))));
            http.send(java.util.Arrays.copyOf(sample.body(), sample.body().length - 10)).shutdownOutput();

            RawHttp.Answer answer = http.read(Duration.ofSeconds(10));

            assertThat(answer.closed()).as("connection closed").isTrue();
            assertThat(answer.status()).as("nobody left to answer").isZero();
        }
        unpublished.assertNothingForShop(shop);
    }

    @Test
    void closesTheConnectionOfAMalformedChunkWithoutAnAnswerAndLogsIt() {
        String shop = uniqueShop();
        SignedSample sample = SignedSample.load("orders-create.json").withHeader("X-Shopify-Shop-Domain", shop);
        try (LogCapture log = LogCapture.of(WebhookAccessLog.class); RawHttp http = RawHttp.connect(server)) {
            http.send(RawHttp.head("POST", Webhooks.PATH, sample, Map.of("Transfer-Encoding", "chunked")));
            http.send("10\r\n{\"id\":1,\"x\":2}\r\n" + "zz-not-hex\r\n{}\r\n0\r\n\r\n");

            RawHttp.Answer answer = http.read(Duration.ofSeconds(10));

            assertThat(answer.closed()).as("connection closed").isTrue();
            assertThat(answer.status()).as("no answer to broken framing").isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.lines())
                    .anySatisfy(line -> {
                        assertThat(line.message()).contains("status=499", "connection closed while the body was being read");
                        assertThat(line.message()).contains("correlation_id=" + line.correlationId());
                        assertThat(line.correlationId()).isNotBlank();
                    }));
        }
        unpublished.assertNothingForShop(shop);
    }

    @Test
    void answersAChunkedBodyPastTheSizeLimitWith413AndClosesTheConnection() {
        String shop = uniqueShop();
        SignedSample sample = SignedSample.load("orders-create.json").withHeader("X-Shopify-Shop-Domain", shop);
        byte[] chunk = (Integer.toHexString(1024 * 1024) + "\r\n" + " ".repeat(1024 * 1024) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (RawHttp http = RawHttp.connect(server)) {
            http.send(RawHttp.head("POST", Webhooks.PATH, sample, Map.of("Transfer-Encoding", "chunked")));
            for (int sent = 0; sent < 11 && http.trySend(chunk); sent++) {
                // 11 MiB, past the 10M limit; the server may close before all of it is written
            }

            RawHttp.Answer answer = http.read(Duration.ofSeconds(10));

            assertThat(answer.closed()).as("connection closed").isTrue();
            assertThat(answer.status()).isEqualTo(413);
        }
        unpublished.assertNothingForShop(shop);
    }

    private static String uniqueShop() {
        return "framing-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    }
}
