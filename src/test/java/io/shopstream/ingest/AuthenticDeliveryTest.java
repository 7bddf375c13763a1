package io.shopstream.ingest;

import static io.shopstream.testing.TopicRecorder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.Scrape;
import io.shopstream.testing.Signatures;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Unpublished;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Every delivery Shopify signs is accepted: dotted topics, Events deliveries, and (into quarantine, answered 200)
 * shapes Shopstream does not understand. Only ambiguity is refused before anything else.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class AuthenticDeliveryTest {

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @TestHTTPResource(Webhooks.PATH)
    URI endpoint;

    private static SignedSample signed(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return SignedSample.load("orders-create.json").withBody(body, Signatures.sign(body, SignedSample.SECRET))
                .withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "customer.tags_added", "customer.tags_removed", "customer.joined_segment",
            "customer.left_segment" })
    void dottedTopicsAreAcceptedAndRouted(String topic) {
        SignedSample sample = signed("{\"id\":7612345678901,\"tags\":[\"vip\"]}").withHeader("X-Shopify-Topic", topic);

        String correlationId = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

        ConsumerRecord<String, byte[]> record = unpublished.recorder().awaitOne(correlationId);
        assertThat(record.topic()).isEqualTo("shopify.other.v1");
        assertThat(header(record, "shopify-topic")).isEqualTo(topic);
        assertThat(header(record, "ce_type")).isEqualTo("com.shopify." + topic);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X-Shopify-Topic|Orders/Create|X-Shopify-Topic",
            "X-Shopify-Topic||X-Shopify-Topic is required",
            "X-Shopify-Shop-Domain|example-shop.attacker.io|X-Shopify-Shop-Domain",
            "X-Shopify-Webhook-Id||X-Shopify-Webhook-Id is required",
            "X-Shopify-API-Version|2027-01-rc|X-Shopify-API-Version",
            "X-Shopify-Triggered-At|soon|X-Shopify-Triggered-At",
    })
    void aSignedDeliveryWithAHeaderShopstreamDoesNotUnderstandIsQuarantinedAnd200(String name, String value,
            String reason) {
        double before = Scrape.take().value("shopstream_webhooks_quarantined_total", "reason", "invalid-header");
        SignedSample sample = SignedSample.load("orders-create.json").withHeader(name, value);

        String correlationId = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

        ConsumerRecord<String, byte[]> record = unpublished.recorder().awaitOne(correlationId);
        assertThat(record.topic()).isEqualTo("shopify.quarantine.v1");
        assertThat(record.value()).isEqualTo(sample.body());
        assertThat(header(record, "shopstream-quarantine-reason")).contains(reason);
        assertThat(header(record, "shopify-hmac-sha256")).isNull();
        assertThat(Scrape.take().value("shopstream_webhooks_quarantined_total", "reason", "invalid-header"))
                .isGreaterThan(before);
    }

    @ParameterizedTest
    @ValueSource(strings = { "[{\"id\":1}]", "not json", "{\"id\":1", "" })
    void aSignedBodyThatIsNotAJsonObjectIsQuarantinedAnd200(String text) {
        SignedSample sample = signed(text);

        String correlationId = Webhooks.send(sample).then().statusCode(200).extract().header("X-Correlation-Id");

        ConsumerRecord<String, byte[]> record = unpublished.recorder().awaitOne(correlationId);
        assertThat(record.topic()).isEqualTo("shopify.quarantine.v1");
        assertThat(record.key()).isEqualTo("example-shop.myshopify.com");
        assertThat(header(record, "shopify-topic")).isEqualTo("orders/create");
        assertThat(header(record, "shopstream-quarantine-reason")).contains("JSON object");
    }

    @Test
    void anEventsDeliveryIsVerifiedAndPublishedToItsOwnTopic() {
        byte[] body = ("{\"topic\":\"Product\",\"action\":\"update\",\"handle\":\"catalog_prices\","
                + "\"fields_changed\":{\"added\":[],\"updated\":[\"gid://shopify/Product/8123456789012.title\"],"
                + "\"removed\":[]},\"query_variables\":{\"productId\":\"gid://shopify/Product/8123456789012\"}}")
                .getBytes(StandardCharsets.UTF_8);
        String webhookId = UUID.randomUUID().toString();

        String correlationId = RestAssured.given().body(body)
                .header("Content-Type", "application/json")
                .header("Shopify-Hmac-Sha256", Signatures.sign(body, SignedSample.SECRET))
                .header("Shopify-Topic", "Product")
                .header("Shopify-Shop-Domain", "example-shop.myshopify.com")
                .header("Shopify-API-Version", "unstable")
                .header("Shopify-Webhook-Id", webhookId)
                .header("Shopify-Event-Id", UUID.randomUUID().toString())
                .header("Shopify-Triggered-At", "2026-11-20T10:00:00.123456Z")
                .header("Shopify-Handle", "catalog_prices")
                .header("Shopify-Action", "update")
                .header("Shopify-Resource-Id", "gid://shopify/Product/8123456789012")
                .post(Webhooks.PATH).then().statusCode(200).extract().header("X-Correlation-Id");

        ConsumerRecord<String, byte[]> record = unpublished.recorder().awaitOne(correlationId);
        assertThat(record.topic()).isEqualTo("shopify.events.v1");
        assertThat(record.key()).isEqualTo("example-shop.myshopify.com");
        assertThat(record.value()).isEqualTo(body);
        assertThat(header(record, "shopify-webhook-id")).isEqualTo(webhookId);
        assertThat(header(record, "shopify-action")).isEqualTo("update");
        assertThat(header(record, "shopify-resource-id")).isEqualTo("gid://shopify/Product/8123456789012");
        assertThat(header(record, "ce_type")).isEqualTo("com.shopify.events.Product.update");
    }

    @Test
    void anEventsDeliveryWithABadSignatureIs401() {
        byte[] body = "{\"topic\":\"Product\"}".getBytes(StandardCharsets.UTF_8);

        RestAssured.given().body(body)
                .header("Shopify-Hmac-Sha256", Signatures.sign(body, "not-the-secret"))
                .header("Shopify-Topic", "Product")
                .header("Shopify-Shop-Domain", "example-shop.myshopify.com")
                .post(Webhooks.PATH).then().statusCode(401)
                .body("detail", equalTo("Shopify-Hmac-Sha256 is missing or does not match the body"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-Shopify-Shop-Domain", "X-Shopify-Topic", "X-Shopify-Hmac-Sha256",
            "X-Shopify-Webhook-Id" })
    void aRepeatedIdentityHeaderIsRefusedAsAmbiguous(String repeated) throws Exception {
        SignedSample sample = SignedSample.load("orders-create.json");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(
                sample.body()));
        sample.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                request.header(name, value);
            }
        });
        request.header(repeated, sample.headers().getOrDefault(repeated, "other.myshopify.com"));

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("urn:shopstream:problem:ambiguous-header").contains(repeated);
        unpublished.assertNothingFor(response.headers().firstValue("X-Correlation-Id").orElseThrow());
    }
}
