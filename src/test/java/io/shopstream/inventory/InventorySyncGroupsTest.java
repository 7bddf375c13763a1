package io.shopstream.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InventorySyncGroupsTest {

    private static InventorySyncConfig config(boolean enabled, Map<String, InventorySyncConfig.Group> groups) {
        return new InventorySyncConfig() {
            public boolean enabled() {
                return enabled;
            }

            public Map<String, Group> groups() {
                return groups;
            }

            public Duration echoWindow() {
                return Duration.ofHours(1);
            }

            public int staleRetries() {
                return 5;
            }
        };
    }

    private static InventorySyncConfig.Group group(List<String> shops, Map<String, Long> locations) {
        return new InventorySyncConfig.Group() {
            public List<String> shops() {
                return shops;
            }

            public Map<String, Long> locations() {
                return locations;
            }
        };
    }

    private final InventorySyncGroups groups = new InventorySyncGroups(config(true, Map.of(
            "eu", group(List.of("a.myshopify.com", "b.myshopify.com", "c.myshopify.com"),
                    Map.of("a.myshopify.com", 1L, "b.myshopify.com", 2L, "c.myshopify.com", 3L)),
            "us", group(List.of("a.myshopify.com", "d.myshopify.com"),
                    Map.of("a.myshopify.com", 1L, "d.myshopify.com", 4L)))));

    @Test
    void aChangeAtTheSynchronisedLocationGoesToEveryOtherShopOfItsGroups() {
        assertThat(groups.targets("a.myshopify.com", 1L)).containsExactlyInAnyOrder(
                new InventorySyncGroups.Target("eu", "b.myshopify.com", 2L),
                new InventorySyncGroups.Target("eu", "c.myshopify.com", 3L),
                new InventorySyncGroups.Target("us", "d.myshopify.com", 4L));
        assertThat(groups.targets("b.myshopify.com", 2L)).extracting(InventorySyncGroups.Target::shop)
                .containsExactlyInAnyOrder("a.myshopify.com", "c.myshopify.com");
    }

    @Test
    void otherLocationsAndOtherShopsAreNotSynchronised() {
        assertThat(groups.targets("a.myshopify.com", 99L)).isEmpty();
        assertThat(groups.targets("z.myshopify.com", 1L)).isEmpty();
        assertThat(groups.synchronised("a.myshopify.com", 99L)).isFalse();
        assertThat(groups.synchronised("c.myshopify.com", 3L)).isTrue();
    }

    @Test
    void switchedOffNothingIsSynchronised() {
        InventorySyncGroups off = new InventorySyncGroups(config(false, Map.of("eu",
                group(List.of("a.myshopify.com", "b.myshopify.com"), Map.of("a.myshopify.com", 1L,
                        "b.myshopify.com", 2L)))));
        assertThat(off.targets("a.myshopify.com", 1L)).isEmpty();
    }

    @Test
    void aShopWithoutItsLocationIsAConfigurationError() {
        assertThatThrownBy(() -> new InventorySyncGroups(config(true, Map.of("eu",
                group(List.of("a.myshopify.com", "b.myshopify.com"), Map.of("a.myshopify.com", 1L))))))
                .hasMessageContaining("shopstream.inventory-sync.groups.eu.locations.\"b.myshopify.com\"");
    }
}
