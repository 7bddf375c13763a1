package io.shopstream.devservices.simulator;

/**
 * The Admin API simulator as a process of its own, outside Quarkus (plain Vert.x): for the Compose profile
 * {@code simulator}, which runs it from the application's image with
 * {@code java -cp '/deployments/app/*:/deployments/lib/main/*:/deployments/lib/boot/*'
 * io.shopstream.devservices.simulator.SimulatorMain 8089 0.0.0.0}. Arguments: port (default 8089), host (default
 * 127.0.0.1), and optionally the URL to echo webhooks to (e.g. {@code http://shopstream:8080/webhooks/shopify}).
 * Seed and inspect it over HTTP ({@code /_simulator/...}, see {@link SimulatorAdminRoutes}). Runs until stopped; its Vert.x threads keep the JVM alive.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        ShopifySimulator.start(host, port).whenComplete((simulator, failure) -> {
            if (failure != null) {
                System.err.println("Shopify Admin API simulator did not start on " + host + ":" + port + ": "
                        + failure);
                System.exit(1);
            }
            if (args.length > 2) {
                simulator.webhooks(args[2]);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop, "simulator-shutdown"));
            System.out.println("Shopify Admin API simulator listening on " + host + ":" + simulator.port());
        });
    }
}
