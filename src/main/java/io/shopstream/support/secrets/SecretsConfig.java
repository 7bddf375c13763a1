package io.shopstream.support.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The start-up check of Shopstream's secrets (see {@link StartupSecretsCheck}). */
@ConfigMapping(prefix = "shopstream.secrets")
public interface SecretsConfig {

    /**
     * Let the production profile start with the development and test secrets published in application.properties
     * (a warning is logged). Only for a local stack on a developer's machine (deploy/local-stack.sh sets it when it
     * supplies the test secret itself); never in a deployment.
     */
    @WithDefault("false")
    boolean allowDevelopmentValues();
}
