package io.shopstream.testing;

import io.shopstream.devservices.simulator.ShopifySimulator;

/** The Admin API simulator for tests that own their thread: started and stopped, waiting for each. */
public final class Simulators {

    private Simulators() {
    }

    /** A simulator on a free loopback port, with its own Vert.x instance. */
    public static ShopifySimulator start() {
        return ShopifySimulator.start("127.0.0.1", 0).toCompletableFuture().join();
    }

    public static void stop(ShopifySimulator simulator) {
        simulator.stop().toCompletableFuture().join();
    }
}
