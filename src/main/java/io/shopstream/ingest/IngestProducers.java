package io.shopstream.ingest;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the pure ingest components from configuration, once. */
public class IngestProducers {

    @Produces
    @Singleton
    HmacVerifier hmacVerifier(WebhookConfig config) {
        return new HmacVerifier(config.secrets());
    }

    @Produces
    @Singleton
    TopicRouter topicRouter(IngestConfig config) {
        return new TopicRouter(config.routes(), config.fallbackTopic());
    }
}
