package io.shopstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The PromQL the operations files use (Grafana dashboards, Prometheus alert rules) and the metric names in it, so
 * that tests can hold them against what the application exposes.
 */
public final class MonitoredMetrics {

    public static final Path DASHBOARDS = Path.of("deploy", "grafana", "dashboards");
    public static final Path ALERT_RULES = Path.of("deploy", "prometheus", "alerts.yml");

    /**
     * What the Admin API client ({@code shopify/AdminApiMetrics}, {@code ShopCredentialsRepository}) exports: required
     * once the client has been called (its counters appear on first use).
     */
    public static final Set<String> ADMIN_API = Set.of(
            "shopstream_admin_api_calls_total",
            "shopstream_admin_api_throttles_total",
            "shopstream_admin_api_retries_total",
            "shopstream_admin_api_bucket_utilisation",
            "shopstream_shop_credentials_invalid");

    /** Series names have one of these prefixes; label names and PromQL functions do not. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:shopstream|kafka|http_server|jvm|process|sql_pool|postgresql)_[a-zA-Z0-9_]+)\\b");

    private MonitoredMetrics() {
    }

    /** Every PromQL expression of the dashboards and the alert rules. */
    public static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                new ObjectMapper().readTree(file.toFile()).findValues("expr")
                        .forEach(expr -> expressions.add(expr.asText()));
            }
            JsonNode rules = new YAMLMapper().readTree(ALERT_RULES.toFile());
            rules.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expressions;
    }

    /** The metric names those expressions read. */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    public static Map<String, Set<String>> byOrigin(Set<String> exposed) {
        Set<String> missing = new TreeSet<>(names());
        missing.removeAll(exposed);
        return Map.of("used by the dashboard or the alerts but not exposed", missing);
    }
}
