package io.shopstream.bench;

import java.util.concurrent.CountDownLatch;

import io.shopstream.devservices.sender.BenchArgs;
import io.shopstream.devservices.simulator.ShopifySimulator;

/**
 * The Shopify Admin API simulator in its own JVM, for the write-back benchmark: {@code port=8089}. Requests are
 * counted per shop ({@code GET /_simulator/stats}), not recorded one by one. Prints {@code READY <port>}, then runs
 * until killed.
 */
public final class SimulatorServer {

    private SimulatorServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        BenchArgs arguments = new BenchArgs(args);
        ShopifySimulator simulator = ShopifySimulator.start("127.0.0.1", arguments.integer("port", 8089))
                .toCompletableFuture().join();
        simulator.recording(false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> simulator.stop().toCompletableFuture().join()));
        System.out.println("READY " + simulator.port());
        new CountDownLatch(1).await();
    }
}
