package io.shopstream.devservices.simulator;

import static io.shopstream.devservices.simulator.SimulatorClient.ORDER;
import static io.shopstream.devservices.simulator.SimulatorClient.ITEM;
import static io.shopstream.devservices.simulator.SimulatorClient.LOCATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shopstream.shopify.PlanLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The simulator answers the requests of Shopify's samples ({@code shopify/admin-api/*.json}) with responses of exactly
 * their shape: same status, same keys at every level, same JSON types (values may differ), and the documented
 * headers.
 */
class SimulatorSamplesTest {

    @RegisterExtension
    static final SimulatorClient client = new SimulatorClient();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonObject sample(String name) {
        return SimulatorClient.resource("/shopify/admin-api/" + name + ".json");
    }

    private static SimulatedShop shopWithOrder(String domain) {
        JsonObject order = sample("graphql-query-cost-normal").getJsonObject("response").getJsonObject("body")
                .getJsonObject("data").getJsonObject("order");
        return client.simulator().shop(domain).order(order).inventoryLevel(ITEM, "SOCK-TR-M", LOCATION, 41, 44);
    }

    /** Sends the sample's request to {@code shop} and checks the response against the sample's. */
    private static JsonObject replay(String name, String shop) throws Exception {
        JsonObject sample = sample(name);
        JsonObject request = sample.getJsonObject("request");
        String path = URI.create(request.getString("url")).getRawPath();
        String query = URI.create(request.getString("url")).getRawQuery();
        URI uri = URI.create("http://127.0.0.1:" + client.simulator().port() + "/" + shop + path
                + (query == null ? "" : "?" + query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("X-Shopify-Access-Token", "shpat_sample");
        if (request.containsKey("body")) {
            builder.POST(HttpRequest.BodyPublishers.ofString(request.getJsonObject("body").encode()))
                    .header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject expected = sample.getJsonObject("response");
        assertThat(response.statusCode()).as(name + " status").isEqualTo(expected.getInteger("status"));
        for (String header : expected.getJsonObject("headers").fieldNames()) {
            assertThat(response.headers().firstValue(header)).as(name + " header " + header).isPresent();
        }
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        JsonObject body = new JsonObject(response.body());
        assertSameShape(name, "$", expected.getJsonObject("body"), body);
        return body;
    }

    static void assertSameShape(String sample, String path, Object expected, Object actual) {
        if (expected == null) {
            assertThat(actual).as(sample + " " + path + " is null").isNull();
        } else if (expected instanceof JsonObject object) {
            assertThat(actual).as(sample + " " + path).isInstanceOf(JsonObject.class);
            JsonObject other = (JsonObject) actual;
            assertThat(new TreeSet<>(other.fieldNames())).as(sample + " keys of " + path)
                    .isEqualTo(new TreeSet<>(object.fieldNames()));
            for (Map.Entry<String, Object> field : object) {
                assertSameShape(sample, path + "." + field.getKey(), field.getValue(), other.getValue(field.getKey()));
            }
        } else if (expected instanceof JsonArray array) {
            assertThat(actual).as(sample + " " + path).isInstanceOf(JsonArray.class);
            JsonArray other = (JsonArray) actual;
            assertThat(other.size()).as(sample + " size of " + path).isEqualTo(array.size());
            for (int i = 0; i < array.size(); i++) {
                assertSameShape(sample, path + "[" + i + "]", array.getValue(i), other.getValue(i));
            }
        } else if (expected instanceof Number) {
            assertThat(actual).as(sample + " " + path).isInstanceOf(Number.class);
            boolean decimal = expected instanceof Double || expected instanceof Float;
            assertThat(actual instanceof Double || actual instanceof Float).as(sample + " " + path + " decimal")
                    .isEqualTo(decimal);
        } else {
            assertThat(actual).as(sample + " " + path).isInstanceOf(expected.getClass());
        }
    }

    @Test
    void queryCostOnAnOrderQuery() throws Exception {
        shopWithOrder("normal.myshopify.com");
        JsonObject body = replay("graphql-query-cost-normal", "normal.myshopify.com");
        assertThat(body.getJsonObject("data").getJsonObject("order").getString("id")).isEqualTo(ORDER);
    }

    @Test
    void throttledWithHttp200WhenTheBucketLacksTheRequestedCost() throws Exception {
        // 1 point/s: a slow machine cannot refill the 6 missing points before the request arrives
        shopWithOrder("throttled.myshopify.com").plan(new PlanLimits(2000, 1, 40, 2)).currentlyAvailable(5);
        JsonObject body = replay("graphql-throttled", "throttled.myshopify.com");
        assertThat(body.getJsonObject("extensions").getJsonObject("cost").getValue("actualQueryCost")).isNull();
    }

    @Test
    void maxCostExceededBeforeTouchingTheBucket() throws Exception {
        replay("graphql-max-cost-exceeded", "maxcost.myshopify.com");
        assertThat(client.simulator().shop("maxcost.myshopify.com").currentlyAvailable()).isEqualTo(2000);
    }

    @Test
    void restCallLimitHeaderAnd429WithRetryAfter() throws Exception {
        shopWithOrder("rest.myshopify.com");
        replay("rest-200-call-limit", "rest.myshopify.com");
        client.simulator().shop("rest.myshopify.com").restCallsUsed(40);
        replay("rest-429-too-many-requests", "rest.myshopify.com");
    }

    @Test
    void tagsAddAndItsUserError() throws Exception {
        shopWithOrder("tags.myshopify.com");
        replay("tags-add-success", "tags.myshopify.com");
        assertThat(client.simulator().shop("tags.myshopify.com").tags(ORDER)).containsExactly("shopstream-synced");
        replay("tags-add-user-error", "tags.myshopify.com");
    }

    @Test
    void metafieldsSetAndItsAtomicUserErrors() throws Exception {
        shopWithOrder("metafields.myshopify.com");
        replay("metafields-set-success", "metafields.myshopify.com");
        assertThat(client.simulator().shop("metafields.myshopify.com").metafield(ORDER, "shopstream", "sync_state"))
                .isEqualTo("synced");
        replay("metafields-set-user-errors", "metafields.myshopify.com");
        assertThat(client.simulator().shop("metafields.myshopify.com").metafield(ORDER, "shopstream", "sync_state"))
                .isEqualTo("synced");
    }

    @Test
    void inventoryMutationsWithIdempotencyAndCompareAndSwap() throws Exception {
        SimulatedShop shop = shopWithOrder("inventory.myshopify.com");
        replay("inventory-adjust-quantities-success", "inventory.myshopify.com");
        assertThat(shop.available(ITEM, LOCATION)).isEqualTo(40);
        assertThat(shop.onHand(ITEM, LOCATION)).isEqualTo(43);
        // the same key and input again: the original result, not a second decrement
        replay("inventory-adjust-quantities-success", "inventory.myshopify.com");
        assertThat(shop.available(ITEM, LOCATION)).isEqualTo(40);
        replay("inventory-adjust-quantities-idempotency-mismatch", "inventory.myshopify.com");
        assertThat(shop.available(ITEM, LOCATION)).isEqualTo(40);
        replay("inventory-set-quantities-success", "inventory.myshopify.com");
        assertThat(shop.available(ITEM, LOCATION)).isEqualTo(38);

        SimulatedShop moved = shopWithOrder("stale.myshopify.com").inventoryLevel(ITEM, "SOCK-TR-M", LOCATION, 39, 42);
        replay("inventory-adjust-quantities-stale", "stale.myshopify.com");
        assertThat(moved.available(ITEM, LOCATION)).isEqualTo(39);
    }

    @Test
    void recordsEveryRequestWithItsCorrelationHeaderAndCost() throws Exception {
        shopWithOrder("recorded.myshopify.com");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + client.simulator().port() + "/recorded.myshopify.com/admin/api/2026-07/graphql.json"))
                .header("X-Correlation-Id", "corr-1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("query", "query ProductTags($id: ID!) { product(id: $id) { id tags } }")
                        .put("variables", new JsonObject().put("id", "gid://shopify/Product/1")).encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(response.body()).getJsonObject("data").getValue("product")).isNull();
        assertThat(client.simulator().requests("recorded.myshopify.com")).singleElement().satisfies(request -> {
            assertThat(request.operation()).isEqualTo("product");
            assertThat(request.correlationId()).isEqualTo("corr-1");
            assertThat(request.requestedCost()).isEqualTo(1.0);
            assertThat(request.outcome()).isEqualTo("ok");
        });
    }
}
