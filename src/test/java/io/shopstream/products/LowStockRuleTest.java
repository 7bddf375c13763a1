package io.shopstream.products;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.shopstream.processing.Delivery;
import io.shopstream.writeback.WriteBack;
import io.shopstream.writeback.WriteBackConfig;

class LowStockRuleTest {

    private final LowStockRule rule = new LowStockRule(config(), null, null);

    private static final Delivery DELIVERY = new Delivery("low.myshopify.com", "hook-9", "inventory_levels/update",
            null, null, "corr-9", "shopify.inventory.v1", 0, 0, new byte[0]);

    @Test
    void underTheThresholdAnUntaggedProductGetsTheTag() {
        WriteBack writeBack = rule.decide(DELIVERY, 8, "merino, running", 4);
        assertThat(writeBack.entity()).isEqualTo("gid://shopify/Product/8");
        assertThat(writeBack.data().getBoolean("add")).isTrue();
        assertThat(writeBack.data().getString("tag")).isEqualTo("low-stock");
        assertThat(writeBack.id()).isEqualTo("hook-9/product-low-stock/8");
    }

    @Test
    void restockedATaggedProductLosesTheTag() {
        assertThat(rule.decide(DELIVERY, 8, "merino, Low-Stock", 5).data().getBoolean("add")).isFalse();
    }

    @Test
    void aProductAlreadyInTheRightStateAsksForNothing() {
        assertThat(rule.decide(DELIVERY, 8, "low-stock", 0)).isNull();
        assertThat(rule.decide(DELIVERY, 8, null, 50)).isNull();
    }

    private static WriteBackConfig config() {
        WriteBackConfig.LowStock lowStock = new WriteBackConfig.LowStock() {
            public boolean enabled() {
                return true;
            }

            public int threshold() {
                return 5;
            }

            public String tag() {
                return "low-stock";
            }
        };
        return (WriteBackConfig) java.lang.reflect.Proxy.newProxyInstance(LowStockRuleTest.class.getClassLoader(),
                new Class<?>[] { WriteBackConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> true;
                    case "lowStock" -> lowStock;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
