package io.shopstream.support.secrets;

import java.io.InputStream;
import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.shopstream.support.admin.AdminConfig;

/**
 * Refuses to start with a placeholder, empty, short or (in production) published secret: the webhook secrets, the
 * admin tokens and the token encryption key (rules in {@link SecretRules}). The failure names the keys, never a
 * value.
 */
@ApplicationScoped
public class StartupSecretsCheck {

    private final Config config;
    private final AdminConfig admin;
    private final SecretsConfig secrets;

    public StartupSecretsCheck(Config config, AdminConfig admin, SecretsConfig secrets) {
        this.config = config;
        this.admin = admin;
        this.secrets = secrets;
    }

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        boolean production = ConfigUtils.getProfiles().contains("prod");
        Set<String> published = publishedValues();
        List<String> problems = new SecretRules(published, production && !secrets.allowDevelopmentValues())
                .check(raw(SecretRules.WEBHOOK_SECRETS), admin.tokens(), raw(SecretRules.TOKEN_KEY));
        if (!problems.isEmpty()) {
            String message = "Shopstream refuses to start with these secrets: " + String.join("; ", problems);
            // also straight to stderr: the asynchronous console may not flush before the process exits
            System.err.println(message);
            throw new IllegalStateException(message);
        }
        if (production && secrets.allowDevelopmentValues()
                && !new SecretRules(published, true)
                        .check(raw(SecretRules.WEBHOOK_SECRETS), admin.tokens(), raw(SecretRules.TOKEN_KEY))
                        .isEmpty()) {
            Log.warn("running with development secrets (shopstream.secrets.allow-development-values=true):"
                    + " never do this in a deployment");
        }
    }

    private String raw(String key) {
        return config.getConfigValue(key).getValue();
    }

    private static Set<String> publishedValues() {
        InputStream properties = StartupSecretsCheck.class.getResourceAsStream("/application.properties");
        return properties == null ? Set.of() : SecretRules.published(properties);
    }
}
