package io.shopstream.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shopstream.devservices.simulator.ShopifySimulator;
import io.shopstream.devservices.simulator.SimulatedRequest;
import io.shopstream.devservices.simulator.SimulatedShop;
import io.shopstream.shops.ShopCredentialsRepository;
import io.shopstream.testing.KafkaBrokerResource;
import io.shopstream.testing.PostgresResource;
import io.shopstream.testing.ShopifySimulatorResource;

/** The client against the simulator: success, the permanent failures, and the retried ones. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ShopifySimulatorResource.class, scope = TestResourceScope.GLOBAL)
class ShopifyAdminClientTest {

    @Inject
    ShopifyAdminClient client;

    @Inject
    ShopCredentialsRepository store;

    ShopifySimulator simulator;

    /** A new shop with stored credentials, known to the simulator with that token and the sample order. */
    private SimulatedShop newShop(String name) {
        String shop = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
        String token = "shpat_" + UUID.randomUUID().toString().replace("-", "");
        store.store(shop, new AccessToken(token), "standard", "test").await().indefinitely();
        return simulator.shop(shop).accessToken(token).order(Operations.order(Operations.ORDER))
                .inventoryLevel(Operations.ITEM, "SOCK-TR-M", Operations.LOCATION, 41, 44);
    }

    private static Throwable failure(io.smallrye.mutiny.Uni<?> call) {
        return catchThrowable(() -> call.await().atMost(Duration.ofSeconds(30)));
    }

    @Test
    void mutationSucceedsWithItsCostAndCorrelationHeader() {
        SimulatedShop shop = newShop("success");
        GraphQlResponse response = client.graphql(shop.domain(), Operations.tagsAdd(Operations.ORDER, "vip"), "corr-ok")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(response.data().getJsonObject("tagsAdd").getJsonObject("node").getString("id"))
                .isEqualTo(Operations.ORDER);
        assertThat(response.cost().requestedQueryCost()).isEqualTo(10);
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.requestId()).isNotBlank();
        assertThat(shop.tags(Operations.ORDER)).containsExactly("vip");
        assertThat(simulator.requests(shop.domain())).singleElement()
                .satisfies(r -> assertThat(r.correlationId()).isEqualTo("corr-ok"));
    }

    @Test
    void queriesReadTheOrderWithTagsAndMetafields() {
        SimulatedShop shop = newShop("query");
        GraphQlResponse response = client.graphql(shop.domain(), Operations.orderQuery(Operations.ORDER), "corr-q")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(response.data().getJsonObject("order").getString("name")).isEqualTo("#1001");
        assertThat(response.cost().actualQueryCost()).isLessThan(response.cost().requestedQueryCost());
    }

    @Test
    void userErrorsFailWithTheirCodesAndFieldPathsAndAreNotRetried() {
        SimulatedShop shop = newShop("usererrors");
        Throwable failure = failure(client.graphql(shop.domain(),
                Operations.tagsAdd("gid://shopify/Product/8123456789099", "x"), "corr-ue"));
        assertThat(failure).isInstanceOf(ShopifyUserErrorsException.class);
        ShopifyUserErrorsException rejected = (ShopifyUserErrorsException) failure;
        assertThat(rejected.mutation()).isEqualTo("tagsAdd");
        assertThat(rejected.userErrors()).singleElement().satisfies(e -> assertThat(e.field()).containsExactly("id"));

        Throwable stale = failure(client.graphql(shop.domain(), Operations.adjustInventory(-1, 7, "key-stale"), "c"));
        assertThat(((ShopifyUserErrorsException) stale).codes()).containsExactly("CHANGE_FROM_QUANTITY_STALE");
        assertThat(((ShopifyUserErrorsException) stale).userErrors().get(0).field())
                .containsExactly("input", "changes", "0", "changeFromQuantity");
        assertThat(simulator.requests(shop.domain())).hasSize(2);
    }

    @Test
    void maxCostExceededIsPermanent() {
        SimulatedShop shop = newShop("maxcost");
        Throwable failure = failure(client.graphql(shop.domain(), Operations.hugeQuery(), "corr-mc"));
        assertThat(failure).isInstanceOf(MaxCostExceededException.class);
        assertThat(((MaxCostExceededException) failure).codes()).containsExactly("MAX_COST_EXCEEDED");
        assertThat(((MaxCostExceededException) failure).maxCost()).isEqualTo(1000);
        assertThat(simulator.requests(shop.domain())).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenSucceed() {
        SimulatedShop shop = newShop("fivexx").failNext(2, 503);
        GraphQlResponse response = client.graphql(shop.domain(), Operations.tagsAdd(Operations.ORDER, "a"), "corr-5")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(response.attempts()).isEqualTo(3);
        assertThat(simulator.requests(shop.domain())).extracting(SimulatedRequest::outcome)
                .containsExactly("server_error", "server_error", "ok");
        assertThat(simulator.requests(shop.domain())).extracting(SimulatedRequest::correlationId)
                .containsOnly("corr-5");
    }

    @Test
    void serverErrorsGiveUpAfterMaxAttempts() {
        SimulatedShop shop = newShop("down").failNext(100, 502);
        Throwable failure = failure(client.graphql(shop.domain(), Operations.tagsAdd(Operations.ORDER, "a"), "c"));
        assertThat(failure).isInstanceOf(ShopifyUnavailableException.class);
        assertThat(((ShopifyUnavailableException) failure).lastOutcome()).isEqualTo(CallOutcome.SERVER_ERROR);
        assertThat(simulator.requests(shop.domain())).hasSize(5);
    }

    @Test
    void aTimeoutAfterTheWriteWasAppliedIsRetriedWithTheSameKeyAndNotAppliedTwice() {
        SimulatedShop shop = newShop("timeout").timeoutAfterApply(1, Duration.ofSeconds(3));
        GraphQlResponse response = client.graphql(shop.domain(), Operations.adjustInventory(-1, 41, "key-t1"), "c-t")
                .await().atMost(Duration.ofSeconds(15));
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(response.data().getJsonObject("inventoryAdjustQuantities").getJsonObject("inventoryAdjustmentGroup")
                .getJsonArray("changes").getJsonObject(0).getInteger("quantityAfterChange")).isEqualTo(40);
        assertThat(shop.available(Operations.ITEM, Operations.LOCATION)).isEqualTo(40);
        List<SimulatedRequest> requests = simulator.requests(shop.domain());
        assertThat(requests).extracting(SimulatedRequest::outcome).containsExactly("timeout_after_apply", "ok");
        assertThat(requests).extracting(SimulatedRequest::idempotencyKey).containsOnly("key-t1");
    }

    @Test
    void throttledAtHttp200WaitsForTheMissingPointsThenRetries() {
        SimulatedShop shop = newShop("throttled").currentlyAvailable(0);
        GraphQlResponse response = client.graphql(shop.domain(), Operations.tagsAdd(Operations.ORDER, "t"), "c-th")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(response.attempts()).isEqualTo(2);
        List<SimulatedRequest> requests = simulator.requests(shop.domain());
        assertThat(requests).extracting(SimulatedRequest::outcome).containsExactly("throttled", "ok");
        assertThat(requests).extracting(SimulatedRequest::status).containsExactly(200, 200);
        // 10 points missing at 100/s: 100 ms, counted from the bucket state dated half-way through the first round
        // trip, so the gap between arrivals can be shorter by up to that trip; that it was long enough is the
        // second request's "ok" above. The bounds catch an immediate retry and an oversleep.
        long gap = requests.get(1).nanos() - requests.get(0).nanos();
        assertThat(Duration.ofNanos(gap)).isBetween(Duration.ofMillis(50), Duration.ofMillis(600));
    }

    @Test
    void throttledAtHttp429HonoursRetryAfterInSeconds() {
        SimulatedShop shop = newShop("throttled429").currentlyAvailable(0).throttleWith429(true);
        GraphQlResponse response = client.graphql(shop.domain(), Operations.tagsAdd(Operations.ORDER, "t"), "c-429")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(response.attempts()).isEqualTo(2);
        List<SimulatedRequest> requests = simulator.requests(shop.domain());
        assertThat(requests).extracting(SimulatedRequest::status).containsExactly(429, 200);
        // Retry-After: 0.1 (seconds)
        assertThat(Duration.ofNanos(requests.get(1).nanos() - requests.get(0).nanos()))
                .isBetween(Duration.ofMillis(85), Duration.ofMillis(600));
    }

    @Test
    void restCallsCarryTheCallLimitAndWaitOutA429() {
        SimulatedShop shop = newShop("rest");
        RestResponse first = client.rest(shop.domain(), RestRequest.get("OrderRest", "orders/6123456789012.json"), "c-r")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(first.body().getJsonObject("order").getString("name")).isEqualTo("#1001");
        assertThat(first.callLimit()).isEqualTo("1/40");
        shop.restCallsUsed(40);
        long before = System.nanoTime();
        RestResponse second = client.rest(shop.domain(), RestRequest.get("OrderRest", "orders/6123456789012.json"), "c-r")
                .await().atMost(Duration.ofSeconds(10));
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(simulator.requests(shop.domain())).extracting(SimulatedRequest::status)
                .containsExactly(200, 429, 200);
    }
}
