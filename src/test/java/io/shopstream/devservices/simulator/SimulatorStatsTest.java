package io.shopstream.devservices.simulator;

import static io.shopstream.devservices.simulator.SimulatorClient.ORDER;
import static io.shopstream.devservices.simulator.SimulatorClient.ITEM;
import static io.shopstream.devservices.simulator.SimulatorClient.LOCATION;
import static io.shopstream.devservices.simulator.SimulatorClient.TAGS_ADD;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopstream.devservices.simulator.ShopifySimulator.ShopStats;
import io.shopstream.shopify.PlanLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Per-shop stats: mutations applied, idempotent replays, THROTTLED answers and the lowest bucket level. */
class SimulatorStatsTest {

    @RegisterExtension
    static final SimulatorClient client = new SimulatorClient();

    private static SimulatedShop shop(String domain) {
        return client.simulator().shop(domain).order(SimulatorClient.resource("/shopify/webhooks/orders-create.json"))
                .inventoryLevel(ITEM, "SOCK-TR-M", LOCATION, 41, 44);
    }

    private static JsonObject adjust(String shop, String key, int delta) {
        JsonObject sample = SimulatorClient.resource("/shopify/admin-api/inventory-adjust-quantities-success.json")
                .getJsonObject("request").getJsonObject("body");
        JsonObject variables = sample.getJsonObject("variables");
        JsonObject change = variables.getJsonObject("input").getJsonArray("changes").getJsonObject(0);
        change.put("delta", delta).putNull("changeFromQuantity");
        variables.fieldNames().stream().filter(name -> variables.getValue(name) instanceof String).toList()
                .forEach(name -> variables.put(name, key));
        return client.graphql(shop, sample.getString("query"), variables);
    }

    @Test
    void countsAppliedMutationsApartFromReplaysAndRejectedWrites() {
        shop("applied.myshopify.com");

        client.graphql("applied.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("vip")));
        client.graphql("applied.myshopify.com", TAGS_ADD, new JsonObject().put("id", "gid://shopify/Order/1")
                .put("tags", new JsonArray().add("vip")));
        adjust("applied.myshopify.com", "key-1", -1);
        adjust("applied.myshopify.com", "key-1", -1);
        adjust("applied.myshopify.com", "key-1", -1);
        adjust("applied.myshopify.com", "key-2", -2);
        client.graphql("applied.myshopify.com", "query { order(id: \"" + ORDER + "\") { id } }", new JsonObject());

        ShopStats stats = client.simulator().stats().get("applied.myshopify.com");
        assertThat(stats.requests()).isEqualTo(7);
        assertThat(stats.mutationsApplied()).isEqualTo(3);
        assertThat(stats.idempotentReplays()).isEqualTo(2);
        assertThat(stats.throttled()).isZero();
        assertThat(client.simulator().shop("applied.myshopify.com").available(ITEM, LOCATION)).isEqualTo(38);
    }

    @Test
    void countsEveryFieldOfACombinedMutation() {
        shop("combined-stats.myshopify.com");
        String document = "mutation Both($id: ID!, $a: [String!]!, $b: [String!]!) { first: tagsAdd(id: $id, "
                + "tags: $a) { node { id } } second: tagsAdd(id: $id, tags: $b) { node { id } } }";

        client.graphql("combined-stats.myshopify.com", document, new JsonObject().put("id", ORDER)
                .put("a", new JsonArray().add("a")).put("b", new JsonArray().add("b")));

        ShopStats stats = client.simulator().stats().get("combined-stats.myshopify.com");
        assertThat(stats.mutationsApplied()).isEqualTo(2);
        assertThat(stats.pointsCharged()).isEqualTo(20.0);
    }

    @Test
    void throttledAnswersAndTheLowestLevelAfterACharge() {
        // a slow refill (1 point/s): the test's own pace cannot refill the bucket
        shop("bucket.myshopify.com").plan(new PlanLimits(2000, 1, 40, 2)).currentlyAvailable(25);

        client.graphql("bucket.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("a")));
        client.graphql("bucket.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("b")));
        JsonObject third = client.graphql("bucket.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("c")));

        ShopStats stats = client.simulator().stats().get("bucket.myshopify.com");
        assertThat(third.getJsonArray("errors").getJsonObject(0).getString("message")).isEqualTo("Throttled");
        assertThat(stats.lowestAvailable()).as("25 - 10 - 10, plus a little refill").isBetween(5.0, 9.0);
        assertThat(stats.throttled()).isEqualTo(1);
        assertThat(stats.mutationsApplied()).isEqualTo(2);
    }

    @Test
    void throttledWhenTheBucketIsEmpty() {
        shop("empty.myshopify.com").currentlyAvailable(0);

        JsonObject body = client.graphql("empty.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("a")));

        ShopStats stats = client.simulator().stats().get("empty.myshopify.com");
        assertThat(body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
                .isEqualTo("THROTTLED");
        assertThat(stats.throttled()).isEqualTo(1);
        assertThat(stats.mutationsApplied()).isZero();
        assertThat(stats.lowestAvailable()).as("nothing was charged").isNull();
    }

    @Test
    void statsRouteShowsEveryCounter() {
        shop("route.myshopify.com");
        client.graphql("route.myshopify.com", TAGS_ADD, new JsonObject().put("id", ORDER)
                .put("tags", new JsonArray().add("vip")));

        JsonObject stats = new JsonObject(client.send("GET", "/_simulator/stats", null).body())
                .getJsonObject("route.myshopify.com");

        assertThat(stats.getLong("requests")).isEqualTo(1);
        assertThat(stats.getLong("throttled")).isZero();
        assertThat(stats.getDouble("pointsCharged")).isEqualTo(10.0);
        assertThat(stats.getLong("mutationsApplied")).isEqualTo(1);
        assertThat(stats.getLong("idempotentReplays")).isZero();
        assertThat(stats.getDouble("lowestAvailable")).isBetween(1990.0, 2000.0);
        assertThat(stats.getLong("echoesSent")).isZero();
        assertThat(stats.getLong("echoesFailed")).isZero();
    }
}
