package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.InjectKafkaCompanion;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Signatures;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Sql;
import io.shopstream.testing.Unpublished;
import io.shopstream.testing.Webhooks;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The attacks of an attacker holding signed bodies, at the HTTP boundary: where the headers contradict the signed
 * body, ingest answers 401 and publishes nothing, and every victim's rows stay as they were.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ForgedDeliveryTest {

    private static final long ORDER = 6123456789012L;

    @RegisterExtension
    static final Unpublished unpublished = new Unpublished();

    @InjectKafkaCompanion
    KafkaCompanion companion;

    private String victim;
    private String attacker;

    @BeforeEach
    void setUp() {
        victim = RawRecords.newShop();
        attacker = RawRecords.newShop();
    }

    /** The victim has an order, with its customer's e-mail. */
    private void victimHasAnOrder() {
        Webhooks.send(SignedSample.load("orders-create.json").forShop(victim)).then().statusCode(200);
        Ledger.awaitProcessed(victim, 1);
        assertThat(orderEmail(victim)).isEqualTo("maya.okafor@example.com");
    }

    private static String orderEmail(String shop) {
        return (String) Sql.scalar("SELECT email FROM orders WHERE shop_domain = ? AND id = ?", shop, ORDER);
    }

    private static long orders(String shop) {
        return ((Number) Sql.scalar("SELECT count(*) FROM orders WHERE shop_domain = ?", shop)).longValue();
    }

    private static SignedSample resent(SignedSample signed, String topic, String shop) {
        return signed.withHeader("X-Shopify-Topic", topic).withHeader("X-Shopify-Shop-Domain", shop)
                .withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
    }

    /** Refused as a forgery, with a problem body that names no secret. */
    private static String refusedAsForged(SignedSample request) {
        return Webhooks.send(request).then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:shopstream:problem:forged-delivery"))
                .extract().header("X-Correlation-Id");
    }

    @Test
    void anOrderBodyResentAsShopRedactForAnotherShopErasesNothing() {
        victimHasAnOrder();
        SignedSample attackersOrder = SignedSample.load("orders-create.json").forShop(attacker);

        String refused = refusedAsForged(resent(attackersOrder, "shop/redact", victim));

        unpublished.assertNothingFor(refused);
        assertThat(orders(victim)).isEqualTo(1);
        assertThat(Sql.scalar("SELECT erased_at FROM shop_installations WHERE shop_domain = ?", victim)).isNull();
    }

    @Test
    void aShopRedactNamingOneShopCannotEraseAnother() {
        victimHasAnOrder();
        SignedSample attackersErasure = SignedSample.load("shop-redact.json").forShop(attacker);

        String refused = refusedAsForged(resent(attackersErasure, "shop/redact", victim));

        unpublished.assertNothingFor(refused);
        assertThat(orders(victim)).isEqualTo(1);
    }

    @Test
    void aCustomerRedactionNamingShopACannotRedactInShopE() {
        victimHasAnOrder();
        SignedSample redactionOfA = SignedSample.load("customers-redact.json").forShop(attacker);

        String refused = Webhooks.send(resent(redactionOfA, "customers/redact", victim)).then().statusCode(401)
                .body("detail", containsString("another shop")).extract().header("X-Correlation-Id");

        unpublished.assertNothingFor(refused);
        assertThat(orderEmail(victim)).isEqualTo("maya.okafor@example.com");
    }

    @Test
    void anOrderBodyResentAsOrdersDeleteDeletesNothing() {
        victimHasAnOrder();
        SignedSample victimsOrder = SignedSample.load("orders-create.json").forShop(victim);

        String refused = refusedAsForged(resent(victimsOrder, "orders/delete", victim));

        unpublished.assertNothingFor(refused);
        assertThat(orders(victim)).isEqualTo(1);
        assertThat(Sql.scalar("SELECT count(*) FROM tombstones WHERE shop_domain = ?", victim)).isEqualTo(0L);
    }

    @Test
    void anUninstallWithAnyOtherSignedBodyIsRefused() {
        SignedSample order = SignedSample.load("orders-create.json").forShop(victim);

        String refused = refusedAsForged(resent(order, "app/uninstalled", victim));

        unpublished.assertNothingFor(refused);
        assertThat(Sql.scalar("SELECT count(*) FROM shop_installations WHERE shop_domain = ?", victim))
                .isEqualTo(0L);
    }

    @Test
    void anUninstallOfAnotherShopIsRefused() {
        SignedSample uninstallOfAttacker = SignedSample.load("app-uninstalled.json").forShop(attacker);

        refusedAsForged(resent(uninstallOfAttacker, "app/uninstalled", victim));

        assertThat(Sql.scalar("SELECT count(*) FROM shop_installations WHERE shop_domain = ?", victim))
                .isEqualTo(0L);
    }

    @Test
    void aTriggerTimeInTheFutureIsRefused() {
        byte[] delete = ("{\"id\":" + ORDER + "}").getBytes(StandardCharsets.UTF_8);
        SignedSample farFuture = SignedSample.load("products-delete.json")
                .withBody(delete, Signatures.sign(delete, SignedSample.SECRET))
                .withHeader("X-Shopify-Topic", "orders/delete").withHeader("X-Shopify-Shop-Domain", victim)
                .withHeader("X-Shopify-Triggered-At", "9999-12-31T23:59:59Z");

        Webhooks.send(farFuture).then().statusCode(401).body("header", equalTo("X-Shopify-Triggered-At"));
    }

    @Test
    void aTriggerTimeAheadOfTheClockDatesNothingBeyondTheReceipt() {
        victimHasAnOrder();
        byte[] delete = ("{\"id\":" + ORDER + ",\"admin_graphql_api_id\":\"" + victim + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Instant ahead = Instant.now().plus(4, ChronoUnit.MINUTES);
        Instant before = Instant.now();
        Webhooks.send(SignedSample.load("products-delete.json")
                .withBody(delete, Signatures.sign(delete, SignedSample.SECRET))
                .withHeader("X-Shopify-Topic", "orders/delete").withHeader("X-Shopify-Shop-Domain", victim)
                .withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .withHeader("X-Shopify-Triggered-At", ahead.toString())).then().statusCode(200);
        Ledger.awaitProcessed(victim, 2);
        Instant after = Instant.now();

        java.time.OffsetDateTime deletedAt = (java.time.OffsetDateTime) Sql.scalar(
                "SELECT deleted_at FROM tombstones WHERE shop_domain = ? AND entity = 'order'", victim);
        assertThat(deletedAt.toInstant()).isBetween(before.minusSeconds(1), after);

        // an update Shopify made after the receipt (but before the forged trigger time) brings the order back
        String updatedAt = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        SignedSample newer = SignedSample.load("orders-updated.json").forShop(victim);
        byte[] body = new String(newer.body(), StandardCharsets.UTF_8)
                .replace("\"updated_at\": \"2026-08-14T10:22:31-05:00\"", "\"updated_at\": \"" + updatedAt + "\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(body, StandardCharsets.UTF_8)).contains(updatedAt);
        Webhooks.send(newer.withBody(body, Signatures.sign(body, SignedSample.SECRET))
                .withHeader("X-Shopify-Triggered-At", Instant.now().toString())).then().statusCode(200);
        Ledger.awaitProcessed(victim, 3);
        assertThat(orders(victim)).isEqualTo(1);
    }
}
