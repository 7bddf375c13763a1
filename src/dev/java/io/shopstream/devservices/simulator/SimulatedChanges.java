package io.shopstream.devservices.simulator;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What executing one document changed: mutations applied (not replayed), idempotent replays, and the resources whose
 * state moved (orders and products by gid, inventory levels by {@code item|location}), for the stats and the echoed
 * webhooks. Filled with the shop locked.
 */
final class SimulatedChanges {

    int applied;
    int replayed;
    final Set<String> owners = new LinkedHashSet<>();
    final Set<String> levels = new LinkedHashSet<>();

    void applied() {
        applied++;
    }

    void replayed() {
        replayed++;
    }

    void owner(String gid) {
        owners.add(gid);
    }

    void level(String key) {
        levels.add(key);
    }
}
