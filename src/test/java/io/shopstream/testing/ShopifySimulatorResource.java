package io.shopstream.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shopstream.devservices.simulator.ShopifySimulator;

/**
 * The Shopify Admin API simulator for {@code @QuarkusTest}s: started on a free port, with
 * {@code shopstream.shopify.admin-base-url} pointing at it. A test gets the {@link ShopifySimulator} injected into a
 * field of that type, seeds its own shops and reads the requests it received. Shared like {@link PostgresResource}:
 * one simulator per application start, whichever instance Quarkus creates.
 */
public class ShopifySimulatorResource implements QuarkusTestResourceLifecycleManager {

    private static final Object LOCK = new Object();
    private static ShopifySimulator shared;
    private static int users;

    private ShopifySimulator simulator;

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = Simulators.start();
            }
            users++;
            simulator = shared;
        }
        return Map.of("shopstream.shopify.admin-base-url", simulator.baseUrlTemplate());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator, new TestInjector.MatchesType(ShopifySimulator.class));
    }

    @Override
    public void stop() {
        synchronized (LOCK) {
            if (simulator == null) {
                return;
            }
            simulator = null;
            if (--users == 0) {
                Simulators.stop(shared);
                shared = null;
            }
        }
    }
}
