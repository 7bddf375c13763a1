package io.shopstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicRouterTest {

    private final TopicRouter router = TopicRouter.withDefaults();

    @ParameterizedTest
    @CsvSource({
            "orders/create, shopify.orders.v1",
            "orders/edited, shopify.orders.v1",
            "refunds/create, shopify.orders.v1",
            "fulfillments/update, shopify.orders.v1",
            "order_transactions/create, shopify.orders.v1",
            "inventory_levels/update, shopify.inventory.v1",
            "inventory_items/delete, shopify.inventory.v1",
            "products/update, shopify.products.v1",
            "customers/data_request, shopify.compliance.v1",
            "customers/redact, shopify.compliance.v1",
            "shop/redact, shopify.compliance.v1",
            "app/uninstalled, shopify.app.v1",
            "app/scopes_update, shopify.app.v1",
            "customers/create, shopify.other.v1",
            "shop/update, shopify.app.v1",
            "customer.tags_added, shopify.other.v1",
            "customer.joined_segment, shopify.other.v1",
            "bulk_operations/finish, shopify.other.v1",
    })
    void routesByTheDocumentedDefaults(String shopifyTopic, String kafkaTopic) {
        assertThat(router.route(shopifyTopic)).isEqualTo(kafkaTopic);
    }

    @Test
    void anExactRouteWinsOverItsFamily() {
        TopicRouter custom = new TopicRouter(Map.of("orders/edited", "orders.edits"), "other");

        assertThat(custom.route("orders/edited")).isEqualTo("orders.edits");
        assertThat(custom.route("orders/create")).isEqualTo("shopify.orders.v1");
        assertThat(custom.route("carts/create")).isEqualTo("other");
    }

    @Test
    void configurationOverridesAndAddsFamilies() {
        TopicRouter custom = new TopicRouter(
                Map.of("orders/*", "acme.orders", "customers/*", "acme.customers"), TopicRouter.FALLBACK_TOPIC);

        assertThat(custom.route("orders/paid")).isEqualTo("acme.orders");
        assertThat(custom.route("customers/update")).isEqualTo("acme.customers");
        assertThat(custom.route("customers/redact")).isEqualTo("shopify.compliance.v1");
    }

    @Test
    void listsEveryDestination() {
        assertThat(router.kafkaTopics()).containsExactlyInAnyOrder("shopify.orders.v1", "shopify.inventory.v1",
                "shopify.products.v1", "shopify.compliance.v1", "shopify.app.v1", "shopify.other.v1",
                "shopify.events.v1", "shopify.quarantine.v1");
    }

    @Test
    void dottedTopicsRouteByTheirFamilyOrExactly() {
        TopicRouter custom = new TopicRouter(
                Map.of("customer.*", "acme.customer", "customer.left_segment", "acme.segments"), "other");

        assertThat(custom.route("customer.tags_added")).isEqualTo("acme.customer");
        assertThat(custom.route("customer.left_segment")).isEqualTo("acme.segments");
        assertThat(custom.route("customers/update")).isEqualTo("other");
        assertThat(custom.families()).contains("customer", "orders");
    }

    @Test
    void rejectsMalformedRoutes() {
        assertThatThrownBy(() -> new TopicRouter(Map.of("orders", "t"), "other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders");
        assertThatThrownBy(() -> new TopicRouter(Map.of("orders/*", "bad topic"), "other"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicRouter(Map.of(), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
