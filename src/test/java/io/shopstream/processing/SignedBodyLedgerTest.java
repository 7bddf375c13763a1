package io.shopstream.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.Ledger;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.RawRecords;
import io.shopstream.testing.Scrape;
import io.shopstream.testing.SignedSample;
import io.shopstream.testing.Sql;
import io.shopstream.testing.Webhooks;

/**
 * What the consumers' body ledger decides, end to end through ingest: a signed body is applied only under the shop
 * it was first seen under, never as a destructive topic it was not first seen as, and a fan-out copy of one event
 * is a duplicate; Shopify's legitimate repeats still pass.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class SignedBodyLedgerTest {

    private static final long ORDER = 6123456789012L;

    private String shopA;
    private String shopB;

    @BeforeEach
    void setUp() {
        shopA = RawRecords.newShop();
        shopB = RawRecords.newShop();
    }

    private static long orders(String shop) {
        return ((Number) Sql.scalar("SELECT count(*) FROM orders WHERE shop_domain = ?", shop)).longValue();
    }

    private static String webhookId(SignedSample sample) {
        return sample.header("X-Shopify-Webhook-Id");
    }

    private static SignedSample again(SignedSample sample) {
        return sample.withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .withHeader("X-Shopify-Event-Id", UUID.randomUUID().toString());
    }

    @Test
    void aBodyOfShopAResentUnderShopBIsRecordedAsForgedAndFilesNothingUnderB() {
        double forgedBefore = Scrape.take().value("shopstream_deliveries_processed_total", "topic",
                "shopify.orders.v1", "outcome", "forged");
        SignedSample ofA = SignedSample.load("orders-create.json").forShop(shopA);
        Webhooks.send(ofA).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 1);

        SignedSample forged = again(ofA).withHeader("X-Shopify-Shop-Domain", shopB);
        Webhooks.send(forged).then().statusCode(200);
        Ledger.awaitProcessed(shopB, 1);

        assertThat(Ledger.outcome(shopB, webhookId(forged))).isEqualTo("forged");
        assertThat(orders(shopB)).isZero();
        assertThat(orders(shopA)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.take().value(
                "shopstream_deliveries_processed_total", "topic", "shopify.orders.v1", "outcome", "forged")
                >= forgedBefore + 1);
    }

    @Test
    void oneBodyUnderSeveralNonDestructiveTopicsOfItsShopIsApplied() {
        // an order created already paid: orders/create, orders/paid and orders/updated with identical bytes
        SignedSample created = SignedSample.load("orders-create.json").forShop(shopA);
        SignedSample paid = again(created).withHeader("X-Shopify-Topic", "orders/paid");
        SignedSample updated = again(created).withHeader("X-Shopify-Topic", "orders/updated");

        Webhooks.send(created).then().statusCode(200);
        Webhooks.send(paid).then().statusCode(200);
        Webhooks.send(updated).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 3);

        assertThat(Sql.query("SELECT outcome FROM processed_deliveries WHERE shop_domain = ?", shopA))
                .extracting(row -> row.get("outcome")).doesNotContain("forged");
        assertThat(orders(shopA)).isEqualTo(1);
    }

    @Test
    void aShopUpdateBodyResentAsAnUninstallUninstallsNothing() {
        // the shop object is the body of both shop/update and app/uninstalled; it passes ingest's identity check
        SignedSample shopUpdate = SignedSample.load("app-uninstalled.json").forShop(shopA)
                .withHeader("X-Shopify-Topic", "shop/update");
        Webhooks.send(shopUpdate).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 1);

        SignedSample uninstall = again(shopUpdate).withHeader("X-Shopify-Topic", "app/uninstalled");
        Webhooks.send(uninstall).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 2);

        assertThat(Ledger.outcome(shopA, webhookId(uninstall))).isEqualTo("forged");
        assertThat(Sql.scalar("SELECT count(*) FROM shop_installations WHERE shop_domain = ?", shopA))
                .isEqualTo(0L);
    }

    @Test
    void aDeleteBodyOfOneTopicIsNotAppliedAsAnotherDelete() {
        Webhooks.send(SignedSample.load("orders-create.json").forShop(shopA)).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 1);
        // a products/delete body whose id happens to be the order's
        byte[] delete = ("{\"id\":" + ORDER + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SignedSample productDelete = SignedSample.load("products-delete.json")
                .withBody(delete, io.shopstream.testing.Signatures.sign(delete, SignedSample.SECRET))
                .withHeader("X-Shopify-Shop-Domain", shopA);
        Webhooks.send(productDelete).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 2);

        SignedSample orderDelete = again(productDelete).withHeader("X-Shopify-Topic", "orders/delete");
        Webhooks.send(orderDelete).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 3);

        assertThat(Ledger.outcome(shopA, webhookId(orderDelete))).isEqualTo("forged");
        assertThat(orders(shopA)).isEqualTo(1);
    }

    @Test
    void aFanOutCopyOfOneEventIsADuplicate() {
        SignedSample first = SignedSample.load("orders-create.json").forShop(shopA);
        // a second subscription to orders/create: same event, same topic, another webhook id
        SignedSample copy = first.withHeader("X-Shopify-Webhook-Id", UUID.randomUUID().toString());

        Webhooks.send(first).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 1);
        Webhooks.send(copy).then().statusCode(200);
        // a later delivery of the shop is processed after the copy (one partition per shop)
        SignedSample later = SignedSample.load("orders-cancelled.json").forShop(shopA);
        Webhooks.send(later).then().statusCode(200);
        Ledger.awaitProcessed(shopA, 2);

        assertThat(Ledger.outcome(shopA, webhookId(copy))).isNull();
        assertThat(Ledger.processed(shopA)).isEqualTo(2);
        assertThat(Ledger.outcome(shopA, webhookId(later))).isNotNull();
    }
}
