package io.shopstream.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * src/main/resources/application.properties as the deployment files must agree with it: its values, its keys
 * (without profile prefixes) and the environment variable names MicroProfile Config maps to them.
 */
final class ApplicationProperties {

    static final Path FILE = Path.of("src", "main", "resources", "application.properties");

    /**
     * Keys the application reads that application.properties need not mention: Quarkus' own settings used by the
     * deployment files. (Each is also documented in docs/configuration.md.)
     */
    static final Set<String> KNOWN_QUARKUS_KEYS = Set.of(
            "kafka.bootstrap.servers",
            "quarkus.http.port",
            "quarkus.datasource.reactive.url",
            "quarkus.datasource.jdbc.url",
            "quarkus.datasource.username",
            "quarkus.datasource.password");

    private final Properties properties = new Properties();

    private ApplicationProperties() {
        try (Reader reader = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }

    static ApplicationProperties load() {
        return new ApplicationProperties();
    }

    /** The value of a key without profile (the one production uses unless a %prod entry overrides it). */
    String require(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new AssertionError(key + " is not set in " + FILE);
        }
        return value.trim();
    }

    int httpPort() {
        return Integer.parseInt(require("quarkus.http.port"));
    }

    /** Where production serves /q/health and /q/metrics (the management interface). */
    int managementPort() {
        if (!"true".equals(properties.getProperty("%prod.quarkus.management.enabled"))) {
            throw new AssertionError("%prod.quarkus.management.enabled is not true in " + FILE);
        }
        return Integer.parseInt(require("quarkus.management.port"));
    }

    /** The largest max.request.size of any producer (ingest, dead letters): what brokers and raw topics must take. */
    long largestProducerRequest() {
        return properties.stringPropertyNames().stream()
                .filter(key -> key.startsWith("mp.messaging.") && key.endsWith(".max.request.size"))
                .mapToLong(key -> Long.parseLong(require(key)))
                .max()
                .orElseThrow(() -> new AssertionError("no producer max.request.size in " + FILE));
    }

    /** Values of the keys matching a filter, e.g. every channel's dead-letter topic. */
    Set<String> values(Predicate<String> keyFilter) {
        return properties.stringPropertyNames().stream()
                .filter(keyFilter)
                .map(this::require)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every key the application is configured with, in any profile, plus {@link #KNOWN_QUARKUS_KEYS}. */
    Set<String> keys() {
        Set<String> keys = new TreeSet<>(KNOWN_QUARKUS_KEYS);
        for (String key : properties.stringPropertyNames()) {
            keys.add(withoutProfile(key));
        }
        return keys;
    }

    /** Environment variable name to configuration key, for every key in {@link #keys()}. */
    Map<String, String> keysByEnvironmentName() {
        Map<String, String> byEnv = new TreeMap<>();
        keys().forEach(key -> byEnv.put(environmentName(key), key));
        return byEnv;
    }

    static String withoutProfile(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    /**
     * MicroProfile Config's environment variable for a property: every character other than a letter or digit
     * becomes '_', then upper case ({@code quarkus.datasource.reactive.url} is
     * {@code QUARKUS_DATASOURCE_REACTIVE_URL}).
     */
    static String environmentName(String key) {
        StringBuilder name = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            name.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }
}
