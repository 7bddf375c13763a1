package io.shopstream.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * An OpenTelemetry span exporter that keeps spans in memory, picked up by Quarkus as a CDI exporter. Only exports
 * when a test profile enables the SDK ({@code quarkus.otel.sdk.disabled=false}); otherwise it stays empty.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
