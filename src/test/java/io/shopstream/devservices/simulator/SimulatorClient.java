package io.shopstream.devservices.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.shopstream.testing.Simulators;
import io.vertx.core.json.JsonObject;

/**
 * A test class's own simulator, as a JUnit extension ({@code @RegisterExtension static final SimulatorClient client =
 * new SimulatorClient();}): started before the class's tests and stopped after them. Sends GraphQL documents and
 * admin requests to it from the test thread, and reads samples.
 */
final class SimulatorClient implements BeforeAllCallback, AfterAllCallback {

    /** The ids of the samples' order, inventory item and location. */
    static final String ORDER = "gid://shopify/Order/6123456789012";
    static final String ITEM = "gid://shopify/InventoryItem/46123456789012";
    static final String LOCATION = "gid://shopify/Location/61234567890";
    static final String TAGS_ADD = "mutation AddTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, "
            + "tags: $tags) { node { id } userErrors { field message } } }";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ShopifySimulator simulator;

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator = Simulators.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Simulators.stop(simulator);
    }

    ShopifySimulator simulator() {
        return simulator;
    }

    /** The whole response body of a GraphQL request. */
    JsonObject graphql(String shop, String document, JsonObject variables) {
        JsonObject body = new JsonObject().put("query", document).put("variables", variables);
        return new JsonObject(send("POST", "/" + shop + "/admin/api/2026-07/graphql.json", body).body());
    }

    HttpResponse<String> send(String method, String path, JsonObject body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A test resource as JSON, e.g. {@code /shopify/webhooks/orders-create.json}. */
    static JsonObject resource(String path) {
        try (InputStream in = SimulatorClient.class.getResourceAsStream(path)) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
