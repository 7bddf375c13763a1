package io.shopstream.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Gives the packaged application (production profile, which has no default secret) the samples' secret. */
public class WebhookSecretResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("shopstream.webhook.secrets", SignedSample.SECRET);
    }

    @Override
    public void stop() {
    }
}
