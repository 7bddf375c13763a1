package io.shopstream.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The configured sync groups, checked once: which shops a level change of (shop, location) is copied to. Pure. */
public final class InventorySyncGroups {

    /** Another shop of a group, and its synchronised location. */
    public record Target(String group, String shop, long locationId) {
    }

    private final Map<String, InventorySyncConfig.Group> groups;
    private final boolean enabled;

    public InventorySyncGroups(InventorySyncConfig config) {
        this.enabled = config.enabled();
        this.groups = config.groups();
        groups.forEach((name, group) -> {
            for (String shop : group.shops()) {
                if (!group.locations().containsKey(shop)) {
                    throw new IllegalStateException("shopstream.inventory-sync.groups." + name + ".locations.\""
                            + shop + "\" is missing: every shop of a sync group needs its synchronised location");
                }
            }
        });
    }

    /** Where a change of {@code available} at this shop's location is copied to; empty when it is not synchronised. */
    public List<Target> targets(String shop, long locationId) {
        List<Target> targets = new ArrayList<>();
        if (!enabled) {
            return targets;
        }
        groups.forEach((name, group) -> {
            Long synced = group.locations().get(shop);
            if (group.shops().contains(shop) && synced != null && synced == locationId) {
                for (String other : group.shops()) {
                    if (!other.equals(shop)) {
                        targets.add(new Target(name, other, group.locations().get(other)));
                    }
                }
            }
        });
        return targets;
    }

    /** Whether this shop's location is synchronised in some group (its changes may be echoes of ours). */
    public boolean synchronised(String shop, long locationId) {
        if (!enabled) {
            return false;
        }
        return groups.values().stream().anyMatch(group -> group.shops().contains(shop)
                && Long.valueOf(locationId).equals(group.locations().get(shop)));
    }
}
