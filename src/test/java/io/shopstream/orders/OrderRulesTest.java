package io.shopstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shopstream.processing.Delivery;
import io.shopstream.writeback.WriteBackConfig;

class OrderRulesTest {

    private static final String SHOP = "rules.myshopify.com";

    private final OrderRules rules = new OrderRules(config(true, new BigDecimal("500")));

    @Test
    void aFirstOrderGetsItsTagAndTheEnrichmentInOneWriteBack() {
        OrderRules.Wanted wanted = rules.evaluate(delivery("w1"), order("73.00", List.of(), 1, true), null);

        assertThat(wanted.tags()).containsExactly("shopstream-first-order");
        assertThat(wanted.writeBack().shop()).isEqualTo(SHOP);
        assertThat(wanted.writeBack().entity()).isEqualTo("gid://shopify/Order/42");
        assertThat(wanted.writeBack().id()).isEqualTo("w1/order-tags/42");
        assertThat(wanted.writeBack().data().getJsonArray("tags").getList()).containsExactly("shopstream-first-order");
        assertThat(wanted.writeBack().data().getJsonObject("metafield").getString("namespace")).isEqualTo("shopstream");
        assertThat(wanted.writeBack().data().getJsonObject("metafield").getString("value"))
                .contains("\"customer_order_count\":1").contains("\"first_order\":true");
    }

    @Test
    void highValueAndRepeatCustomerAreMatchedAgainstTheirThresholds() {
        OrderRules.Wanted wanted = rules.evaluate(delivery("w2"), order("500.00", List.of(), 3, false), null);
        assertThat(wanted.tags()).containsExactly("shopstream-high-value", "shopstream-repeat-customer");
        assertThat(rules.evaluate(delivery("w3"), order("499.99", List.of(), 1, false), null)).isNull();
    }

    @Test
    void theEchoOfOurOwnWriteAsksForNothing() {
        EnrichedOrderEvent first = order("73.00", List.of(), 1, true);
        OrderRules.Wanted asked = rules.evaluate(delivery("w4"), first, null);

        EnrichedOrderEvent echo = order("73.00", List.of("shopstream-first-order"), 1, true);
        assertThat(rules.evaluate(delivery("w5"), echo, asked.metafieldValue())).isNull();
    }

    @Test
    void onlyMissingTagsAreAddedAndAnUnchangedMetafieldIsNotWrittenAgain() {
        EnrichedOrderEvent order = order("600.00", List.of("shopstream-high-value"), 2, false);
        String previous = rules.evaluate(delivery("w6"), order, null).metafieldValue();
        OrderRules.Wanted wanted = rules.evaluate(delivery("w7"), order("600.00", List.of("shopstream-high-value",
                "merchant-tag"), 2, false), previous);
        // the metafield is unchanged, the repeat-customer tag is missing (removed by the merchant, say)
        assertThat(wanted.writeBack().data().getJsonArray("tags").getList()).containsExactly("shopstream-repeat-customer");
        assertThat(wanted.writeBack().data().containsKey("metafield")).isFalse();
    }

    @Test
    void rulesSwitchedOffAskForNothing() {
        OrderRules off = new OrderRules(config(false, BigDecimal.ONE));
        assertThat(off.evaluate(delivery("w8"), order("900.00", List.of(), 5, false), null)).isNull();
    }

    private static Delivery delivery(String webhookId) {
        return new Delivery(SHOP, webhookId, "orders/create", null, null, "corr-" + webhookId, "shopify.orders.v1", 0,
                0, new byte[0]);
    }

    private static EnrichedOrderEvent order(String total, List<String> tags, long orderCount, boolean first) {
        return new EnrichedOrderEvent(1, SHOP, 42, "#1001", 1001L, "paid", null, "USD", total, total, "0.00", "0.00",
                tags, "2026-11-26T10:00:00Z", "2026-11-26T10:00:00Z", null, null, 2, 1, "0.0000", "0.00", total,
                new EnrichedOrderEvent.Customer(7, orderCount, total, first), null);
    }

    private static WriteBackConfig.OrderRules config(boolean enabled, BigDecimal threshold) {
        return new WriteBackConfig.OrderRules() {
            public boolean enabled() {
                return enabled;
            }

            public WriteBackConfig.HighValue highValue() {
                return new WriteBackConfig.HighValue() {
                    public boolean enabled() {
                        return true;
                    }

                    public BigDecimal threshold() {
                        return threshold;
                    }

                    public String tag() {
                        return "shopstream-high-value";
                    }
                };
            }

            public WriteBackConfig.RepeatCustomer repeatCustomer() {
                return new WriteBackConfig.RepeatCustomer() {
                    public boolean enabled() {
                        return true;
                    }

                    public int minimumOrders() {
                        return 2;
                    }

                    public String tag() {
                        return "shopstream-repeat-customer";
                    }
                };
            }

            public WriteBackConfig.FirstOrder firstOrder() {
                return new WriteBackConfig.FirstOrder() {
                    public boolean enabled() {
                        return true;
                    }

                    public String tag() {
                        return "shopstream-first-order";
                    }
                };
            }

            public WriteBackConfig.Metafield metafield() {
                return new WriteBackConfig.Metafield() {
                    public boolean enabled() {
                        return true;
                    }

                    public String namespace() {
                        return "shopstream";
                    }

                    public String key() {
                        return "enrichment";
                    }
                };
            }
        };
    }
}
