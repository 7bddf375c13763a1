package io.shopstream.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
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
import io.smallrye.mutiny.Uni;

/** Pacing: a backlog drains at the shop's restore rate without throttles, and shops don't wait for each other. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ShopifySimulatorResource.class, scope = TestResourceScope.GLOBAL)
class ShopifyPacingTest {

    @Inject
    ShopifyAdminClient client;

    @Inject
    ShopCredentialsRepository store;

    ShopifySimulator simulator;

    private SimulatedShop newShop(String name) {
        String shop = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
        store.store(shop, new AccessToken("shpat_pacing_" + name), "standard", "test").await().indefinitely();
        return simulator.shop(shop).order(Operations.order(Operations.ORDER));
    }

    private List<Uni<GraphQlResponse>> backlog(SimulatedShop shop, int calls, String correlationPrefix) {
        List<Uni<GraphQlResponse>> backlog = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            backlog.add(client.graphql(shop.domain(), Operations.tagsAdd(Operations.ORDER, "t" + i),
                    correlationPrefix + i).memoize().indefinitely());
        }
        backlog.forEach(call -> call.subscribe().with(item -> {
        }, failure -> {
        }));
        return backlog;
    }

    @Test
    void aBacklogDrainsAtTheRestoreRateWithoutThrottlesAfterTheFirstResponse() {
        // an empty bucket (the burst already spent): steady state from the start, 10 mutations/s at 100 points/s
        SimulatedShop shop = newShop("backlog").currentlyAvailable(0);
        List<Uni<GraphQlResponse>> calls = backlog(shop, 45, "backlog-");
        Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));

        List<SimulatedRequest> requests = simulator.requests(shop.domain());
        assertThat(requests.stream().skip(1)).as("throttled after the first response")
                .noneMatch(r -> r.outcome().equals("throttled"));
        List<SimulatedRequest> applied = requests.stream().filter(r -> r.outcome().equals("ok")).toList();
        assertThat(applied).hasSize(45);
        // steady state: from the second applied call (the first waited out the throttle and the margin)
        SimulatedRequest first = applied.get(1);
        SimulatedRequest last = applied.get(applied.size() - 1);
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        double pointsPerSecond = (applied.size() - 2) * 10 / seconds;
        assertThat(pointsPerSecond).as("points/s").isGreaterThanOrEqualTo(95).isLessThanOrEqualTo(105);
        // every request carried the correlation ID of its own call
        assertThat(requests).allSatisfy(r -> assertThat(r.correlationId()).startsWith("backlog-"));
        assertThat(requests.stream().map(SimulatedRequest::correlationId).distinct()).hasSize(45);
    }

    @Test
    void aThrottledShopDoesNotDelayAnother() {
        SimulatedShop slow = newShop("slow").currentlyAvailable(0);
        SimulatedShop fast = newShop("fast");
        // the first response tells the client the fast shop's bucket (until then it sends one at a time)
        client.graphql(fast.domain(), Operations.tagsAdd(Operations.ORDER, "first"), "fast-first").await()
                .atMost(Duration.ofSeconds(10));
        List<Uni<GraphQlResponse>> slowCalls = backlog(slow, 30, "slow-");
        long start = System.nanoTime();
        List<Uni<GraphQlResponse>> fastCalls = backlog(fast, 20, "fast-");
        Uni.join().all(fastCalls).andFailFast().await().atMost(Duration.ofSeconds(10));
        Duration fastTook = Duration.ofNanos(System.nanoTime() - start);
        // 20 calls within the fast shop's bucket go out at once, while the slow one still has most of its 3 s of
        // backlog queued
        assertThat(client.queued(slow.domain())).isGreaterThan(10);
        assertThat(fastTook).isLessThan(Duration.ofSeconds(2));
        Uni.join().all(slowCalls).andFailFast().await().atMost(Duration.ofSeconds(30));
        assertThat(simulator.requests(fast.domain())).noneMatch(r -> r.outcome().equals("throttled"));
    }
}
