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
    WebhookAdmission webhookAdmission(HmacVerifier verifier, TopicRouter router, IngestConfig config) {
        return new WebhookAdmission(verifier, router, config.maxClockSkew());
    }

    @Produces
    @Singleton
    TopicRouter topicRouter(IngestConfig config) {
        return new TopicRouter(config.routes(), config.fallbackTopic(), config.eventsTopic(), config.quarantineTopic());
    }
}
