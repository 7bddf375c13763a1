package io.shopstream.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the packaged application (production profile, which has no default secret and refuses the secrets that
 * application.properties publishes for dev and test) a secret of its own, and a free management port.
 */
public class WebhookSecretResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "packaged-application-it-client-secret";

    private static volatile int managementPort;

    /** Where the packaged application serves /q/health and /q/metrics. */
    public static int managementPort() {
        return managementPort;
    }

    /** The sample, signed with {@link #SECRET}. */
    public static SignedSample signed(SignedSample sample) {
        return sample.withBody(sample.body(), Signatures.sign(sample.body(), SECRET));
    }

    @Override
    public Map<String, String> start() {
        managementPort = Ports.free();
        return Map.of("shopstream.webhook.secrets", SECRET,
                "quarkus.management.host", "127.0.0.1",
                "quarkus.management.port", String.valueOf(managementPort));
    }

    @Override
    public void stop() {
    }
}
