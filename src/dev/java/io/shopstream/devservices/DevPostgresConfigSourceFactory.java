package io.shopstream.devservices;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * Dev mode only: starts the embedded PostgreSQL server while Quarkus builds its runtime configuration, i.e. before
 * runtime init, where Flyway's {@code migrate-at-start} and Hibernate's start-up checks connect to the database.
 * A {@code StartupEvent} observer (where {@link EmbeddedServices} starts Kafka) runs only after those, which is
 * too late for PostgreSQL. Contributes no configuration: the {@code %dev} datasource URLs already point at
 * {@code localhost:${shopstream.dev-services.postgres-port}}.
 * <p>
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}, so it is also called in tests
 * and in the packaged application: outside the {@code dev} profile it returns at once, before touching any class
 * of the embedded server (those are {@code provided} dependencies, absent from the package). On a live reload
 * the server is still listening and is reused.
 */
public class DevPostgresConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (context.getProfiles().contains("dev") && bool(context, "shopstream.dev-services.enabled", true)) {
            EmbeddedServices.startPostgres(integer(context, "shopstream.dev-services.postgres-port", 5432));
        }
        return List.of();
    }

    private static boolean bool(ConfigSourceContext context, String name, boolean defaultValue) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? defaultValue : Boolean.parseBoolean(value.getValue().trim());
    }

    private static int integer(ConfigSourceContext context, String name, int defaultValue) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? defaultValue : Integer.parseInt(value.getValue().trim());
    }
}
