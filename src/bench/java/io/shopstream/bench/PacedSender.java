package io.shopstream.bench;

import java.time.Duration;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shopstream.shopify.AccessToken;
import io.shopstream.shopify.ClientSettings;
import io.shopstream.shopify.CredentialsSource;
import io.shopstream.shopify.GraphQlOperation;
import io.shopstream.shopify.Plans;
import io.shopstream.shopify.ShopCredentials;
import io.shopstream.shopify.ShopifyAdminClient;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Shopstream's {@link ShopifyAdminClient}, with the application's defaults except 100 connections (one host, the
 * simulator, serves every shop here; at Shopify each shop is its own host) and a queue deep enough for the backlog.
 */
final class PacedSender implements WritebackSender {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ShopifyAdminClient client;

    PacedSender(Vertx vertx, String simulator) {
        ClientSettings settings = new ClientSettings("2026-07", simulator + "/{shop}", Plans.builtIn(), 100_000, 50,
                10, Duration.ofSeconds(1), 100, 5, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(10));
        client = new ShopifyAdminClient(vertx, settings, new BenchCredentials(), registry);
    }

    @Override
    public Uni<Void> send(ShopLoad load) {
        // until its first response a shop sends one request at a time: its first call carries its first response
        boolean first = load.firstSent.compareAndSet(false, true);
        return client.graphql(load.shop, GraphQlOperation.mutation("AddTags", TAGS_ADD, WritebackSender.variables()),
                "bench").invoke(response -> {
                    // the simulator fails nothing else in this benchmark: every repeated attempt was a THROTTLED
                    // (cross-checked against the simulator's own count)
                    int repeats = response.attempts() - 1;
                    if (first && repeats > 0) {
                        load.throttledFirst.incrementAndGet();
                        repeats--;
                    }
                    load.throttledAfter.addAndGet(repeats);
                    if (response.cost() != null && response.cost().throttleStatus() != null) {
                        load.level = response.cost().throttleStatus().currentlyAvailable();
                    }
                }).replaceWithVoid();
    }

    @Override
    public String diagnostics() {
        return registry.getMeters().stream().filter(Counter.class::isInstance)
                .map(m -> m.getId().getName() + m.getId().getTags().stream().map(t -> t.getValue())
                        .collect(Collectors.joining(",", "[", "]")) + "=" + (long) ((Counter) m).count())
                .sorted().collect(Collectors.joining(" "));
    }

    @Override
    public void close() {
        client.close();
    }

    /** The benchmark's shops are simulated, always installed, with a fixed token. */
    private static final class BenchCredentials implements CredentialsSource {
        @Override
        public Uni<ShopCredentials> credentials(String shop) {
            return Uni.createFrom().item(new ShopCredentials(shop, new AccessToken("shpat_bench"), "standard",
                    ShopCredentials.Source.CONFIG, null));
        }

        @Override
        public Uni<Boolean> active(String shop) {
            return Uni.createFrom().item(true);
        }

        @Override
        public Uni<Access> access(String shop) {
            return credentials(shop).map(creds -> new Access(true, creds));
        }

        @Override
        public void markInvalid(String shop, String correlationId) {
        }
    }
}
