package io.shopstream.bench.baseline;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;


import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.shopstream.ingest.IngestConfig;
import io.shopstream.ingest.IngestMetrics;
import io.shopstream.ingest.RawWebhookRecord;
import io.shopstream.ingest.WebhookPublisher;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The ingest benchmark's baseline (deploy/bench/ingest-bench.sh, mode "baseline"): the same endpoint verifies and
 * validates each webhook, then this publisher answers at once without publishing anything, so the ratio of the two
 * modes is the cost of waiting for Kafka's {@code acks=all}. Exists only in the {@code bench-baseline} build
 * ({@code ./mvnw -Pbench-baseline package}, into target/bench-baseline/), never in the application's package.
 * A singleton: the publisher has no no-args constructor for a client proxy.
 */
@Alternative
@Priority(1)
@Singleton
public class BaselinePublisher extends WebhookPublisher {

    // no emitter of its own: a second emitter on the channel fails the start (SRMSG00019); publish() never sends
    public BaselinePublisher(IngestConfig config, Vertx vertx, IngestMetrics metrics) {
        super(null, config, vertx, metrics);
    }

    void warn(@Observes StartupEvent event) {
        Log.warn("Benchmark baseline build: webhooks are answered 200 WITHOUT being published to Kafka");
    }

    @Override
    public Uni<Void> publish(RawWebhookRecord record) {
        return Uni.createFrom().voidItem();
    }
}
