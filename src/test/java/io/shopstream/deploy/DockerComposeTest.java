package io.shopstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docker-compose.yml, validated without a Docker engine: Compose itself (Debian's docker-compose 1.29, installed by
 * .ci/run) checks and renders the file with the required variables set, and the rendered model is checked against
 * the application's own configuration.
 */
class DockerComposeTest {

    private static final String COMPOSE_FILE = "docker-compose.yml";
    private static final String WEBHOOK_SECRETS = "compose-test-client-secret";
    private static final String DB_PASSWORD = "compose-test-db-password";
    private static final String TOKEN_KEY = "Y29tcG9zZS10ZXN0LXRva2VuLWVuY3J5cHRpb24ta2V5";
    private static final Map<String, String> REQUIRED_VARIABLES = Map.of(
            "SHOPSTREAM_WEBHOOK_SECRETS", WEBHOOK_SECRETS, "POSTGRES_PASSWORD", DB_PASSWORD,
            "SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY", TOKEN_KEY);
    private static final String SIMULATOR_MAIN = "io.shopstream.devservices.simulator.SimulatorMain";
    private static final String SIMULATOR_DOCKERFILE = "src/dev/docker/Dockerfile.simulator";

    private static final ApplicationProperties APP = ApplicationProperties.load();
    private static Map<String, Object> services;

    @BeforeAll
    static void render() {
        String rendered = compose(REQUIRED_VARIABLES, "config").requireSuccess().stdout();
        services = Yaml.map(Yaml.parse(rendered), "services");
    }

    @Test
    void composeAcceptsTheFile() {
        ExternalCommand.Result result = compose(REQUIRED_VARIABLES, "config", "-q").requireSuccess();

        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).doesNotContainIgnoringCase("warning");
    }

    @Test
    void refusesToStartWithoutTheSecrets() {
        ExternalCommand.Result noWebhookSecret = compose(without("SHOPSTREAM_WEBHOOK_SECRETS"), "config", "-q");
        ExternalCommand.Result noDbPassword = compose(without("POSTGRES_PASSWORD"), "config", "-q");
        ExternalCommand.Result noTokenKey = compose(without("SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY"), "config",
                "-q");

        assertThat(noWebhookSecret.exitCode()).isNotZero();
        assertThat(noWebhookSecret.stderr()).contains("set the app's client secret");
        assertThat(noDbPassword.exitCode()).isNotZero();
        assertThat(noDbPassword.stderr()).contains("set a password for the shopstream database user");
        assertThat(noTokenKey.exitCode()).isNotZero();
        assertThat(noTokenKey.stderr()).contains("set the token encryption key");
    }

    @Test
    void definesTheStack() {
        assertThat(services).containsOnlyKeys("kafka", "postgres", "shopstream", "prometheus", "grafana",
                "shopify-simulator");
        assertThat(Yaml.string(services, "kafka", "image")).startsWith("apache/kafka:4.1");
        assertThat(Yaml.string(services, "postgres", "image")).isEqualTo("postgres:17");
    }

    @Test
    void everyServiceHasAHealthcheckAndWaitsForHealthyDependencies() {
        services.forEach((name, service) -> {
            List<Object> test = Yaml.list(service, "healthcheck", "test");
            assertThat(test).as(name + " healthcheck").hasSizeGreaterThan(1);
            assertThat(test.get(0)).as(name + " healthcheck").isIn("CMD", "CMD-SHELL");
            assertThat(Yaml.map(service, "healthcheck")).as(name).doesNotContainEntry("disable", true);
            if (((Map<?, ?>) service).containsKey("depends_on")) {
                Yaml.map(service, "depends_on").forEach((dependency, how) -> assertThat(
                        Yaml.string(how, "condition")).as(name + " -> " + dependency).isEqualTo("service_healthy"));
            }
        });
        assertThat(Yaml.map(services, "shopstream", "depends_on")).containsOnlyKeys("kafka", "postgres");
        assertThat(Yaml.map(services, "grafana", "depends_on")).containsKey("prometheus");
    }

    @Test
    void kafkaHealthcheckAsksTheBrokerForItsApiVersions() {
        String command = String.join(" ", Yaml.list(services, "kafka", "healthcheck", "test").stream()
                .map(Object::toString).toList());

        assertThat(command).contains("/opt/kafka/bin/kafka-broker-api-versions.sh",
                "--bootstrap-server localhost:9092");
        assertThat(String.join(" ", Yaml.list(services, "postgres", "healthcheck", "test").stream()
                .map(Object::toString).toList())).contains("pg_isready", "-U shopstream", "-d shopstream");
    }

    @Test
    void shopstreamIsConfiguredOnlyWithKeysTheApplicationReads() {
        Map<String, Object> environment = Yaml.map(services, "shopstream", "environment");
        Map<String, String> keysByEnv = APP.keysByEnvironmentName();

        assertThat(environment.keySet()).containsExactlyInAnyOrder("KAFKA_BOOTSTRAP_SERVERS",
                "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "SHOPSTREAM_WEBHOOK_SECRETS", "SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY",
                "SHOPSTREAM_SHOPIFY_ADMIN_BASE_URL");
        assertThat(keysByEnv).containsKeys(environment.keySet().toArray(String[]::new));
        assertThat(keysByEnv).containsEntry("SHOPSTREAM_WEBHOOK_SECRETS", "shopstream.webhook.secrets")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers")
                .containsEntry("SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY", "shopstream.shopify.token-encryption-key")
                .containsEntry("SHOPSTREAM_SHOPIFY_ADMIN_BASE_URL", "shopstream.shopify.admin-base-url");
        assertThat(environment).containsEntry("SHOPSTREAM_WEBHOOK_SECRETS", WEBHOOK_SECRETS)
                .containsEntry("SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY", TOKEN_KEY)
                // passed through from the caller's environment only when set: otherwise the default (Shopify)
                .containsEntry("SHOPSTREAM_SHOPIFY_ADMIN_BASE_URL", null);
    }

    @Test
    void theSimulatorProfileRunsTheSimulatorFromItsOwnImage() throws IOException {
        Map<String, Object> simulator = Yaml.map(services, "shopify-simulator");
        List<String> entrypoint = Yaml.list(simulator, "entrypoint").stream().map(Object::toString).toList();
        List<String> command = Yaml.list(simulator, "command").stream().map(Object::toString).toList();

        assertThat(Yaml.list(simulator, "profiles")).containsExactly("simulator");
        // the simulator is dev-only code: not in the application's image, but its own on the same libraries
        assertThat(Yaml.string(simulator, "image")).isNotEqualTo(Yaml.string(services, "shopstream", "image"));
        assertThat(Yaml.string(simulator, "build", "dockerfile")).isEqualTo(SIMULATOR_DOCKERFILE);
        assertThat(entrypoint).contains(SIMULATOR_MAIN).anyMatch(arg -> arg.contains("/deployments/app/*")
                && arg.contains("/deployments/dev-classes"));
        assertThat(Files.readString(Path.of(SIMULATOR_DOCKERFILE)))
                .containsPattern("(?m)^COPY target/dev-classes/ /deployments/dev-classes/$");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("!target/dev-classes/");
        assertThat(Path.of("src/dev/java", SIMULATOR_MAIN.replace('.', '/') + ".java")).exists();
        assertThat(command).containsExactly("8089", "0.0.0.0");
        assertThat(Yaml.list(simulator, "ports")).extracting(Object::toString)
                .anyMatch(mapping -> mapping.matches("127\\.0\\.0\\.1:8089:8089(/tcp)?"));
        assertThat(Yaml.map(services, "shopstream", "depends_on")).doesNotContainKey("shopify-simulator");

        Map<String, String> withSimulator = new LinkedHashMap<>(REQUIRED_VARIABLES);
        withSimulator.put("SHOPSTREAM_SHOPIFY_ADMIN_BASE_URL", "http://shopify-simulator:8089/{shop}");
        Map<String, Object> rendered = Yaml.map(Yaml.parse(
                compose(withSimulator, "--profile", "simulator", "config").requireSuccess().stdout()), "services");
        assertThat(Yaml.string(rendered, "shopstream", "environment", "SHOPSTREAM_SHOPIFY_ADMIN_BASE_URL"))
                .isEqualTo("http://shopify-simulator:8089/{shop}");
    }

    @Test
    void shopstreamReachesKafkaAndPostgresWhereTheyListen() {
        Map<String, Object> app = Yaml.map(services, "shopstream", "environment");
        Map<String, Object> kafka = Yaml.map(services, "kafka", "environment");
        Map<String, Object> postgres = Yaml.map(services, "postgres", "environment");

        Set<String> advertised = Arrays.stream(Yaml.string(kafka, "KAFKA_ADVERTISED_LISTENERS").split(","))
                .map(listener -> listener.substring(listener.indexOf("://") + 3))
                .collect(Collectors.toSet());
        assertThat(advertised).contains(Yaml.string(app, "KAFKA_BOOTSTRAP_SERVERS"));

        String database = "postgres:5432/" + Yaml.string(postgres, "POSTGRES_DB");
        assertThat(Yaml.string(app, "QUARKUS_DATASOURCE_REACTIVE_URL")).isEqualTo("postgresql://" + database);
        assertThat(Yaml.string(app, "QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo("jdbc:postgresql://" + database);
        assertThat(Yaml.string(app, "QUARKUS_DATASOURCE_USERNAME")).isEqualTo(Yaml.string(postgres, "POSTGRES_USER"));
        assertThat(Yaml.string(app, "QUARKUS_DATASOURCE_PASSWORD"))
                .isEqualTo(Yaml.string(postgres, "POSTGRES_PASSWORD"))
                .isEqualTo(DB_PASSWORD);
    }

    @Test
    void shopstreamIsBuiltFromTheDockerfileAndCheckedOnItsReadinessEndpoint() {
        int port = APP.httpPort();

        assertThat(Yaml.string(services, "shopstream", "build", "dockerfile"))
                .isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(Yaml.list(services, "shopstream", "ports")).extracting(Object::toString)
                .anyMatch(mapping -> mapping.matches("(.*:)?" + port + "(/tcp)?"));
        assertThat(Yaml.list(services, "shopstream", "healthcheck", "test")).extracting(Object::toString)
                .contains("http://localhost:" + APP.managementPort() + "/q/health/ready");
    }

    @Test
    void dockerfileRunsTheFastJarAsANonRootUser() throws Exception {
        String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));

        assertThat(dockerfile).containsPattern("(?m)^FROM (eclipse-temurin:17|\\S*openjdk-17)")
                .containsPattern("(?m)^COPY target/quarkus-app/lib/ /deployments/lib/$")
                .containsPattern("(?m)^COPY target/quarkus-app/quarkus/ /deployments/quarkus/$")
                .containsPattern("(?m)^EXPOSE " + APP.httpPort() + " " + APP.managementPort() + "$")
                .containsPattern("(?m)^USER 185$")
                .contains("-XX:MaxRAMPercentage=75", "quarkus-run.jar",
                        "./mvnw package && docker build -f src/main/docker/Dockerfile.jvm -t shopstream:latest .");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("!target/quarkus-app/");
    }

    @Test
    void prometheusScrapesTheApplicationsMetricsEndpoint() {
        Path config = hostPathMountedAt("prometheus", "/etc/prometheus/prometheus.yml");

        List<Map<String, Object>> jobs = Yaml.maps(Yaml.parse(config), "scrape_configs");
        Map<String, Object> job = jobs.stream()
                .filter(j -> "shopstream".equals(j.get("job_name")))
                .findFirst().orElseThrow(() -> new AssertionError("no job shopstream in " + config));
        assertThat(Yaml.string(job, "metrics_path")).isEqualTo("/q/metrics");
        assertThat(Yaml.maps(job, "static_configs")).flatExtracting(c -> Yaml.list(c, "targets"))
                .containsExactly("shopstream:" + APP.managementPort());
    }

    @Test
    void prometheusLoadsTheAlertRules() {
        Path config = hostPathMountedAt("prometheus", "/etc/prometheus/prometheus.yml");
        List<Object> ruleFiles = Yaml.list(Yaml.parse(config), "rule_files");

        assertThat(ruleFiles).containsExactly("/etc/prometheus/alerts.yml");
        assertThat(hostPathMountedAt("prometheus", "/etc/prometheus/alerts.yml"))
                .isEqualTo(Path.of("deploy", "prometheus", "alerts.yml").toAbsolutePath());
    }

    @Test
    void kafkaAcceptsTheLargestRecordTheProducersSend() {
        long largest = APP.largestProducerRequest();
        Map<String, Object> kafka = Yaml.map(services, "kafka", "environment");

        assertThat(largest).isGreaterThanOrEqualTo(10L * 1024 * 1024);
        assertThat(Long.parseLong(Yaml.string(kafka, "KAFKA_MESSAGE_MAX_BYTES"))).isGreaterThanOrEqualTo(largest);
        assertThat(Long.parseLong(Yaml.string(kafka, "KAFKA_REPLICA_FETCH_MAX_BYTES"))).isGreaterThanOrEqualTo(largest);
        assertThat(Yaml.string(kafka, "KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboard() throws Exception {
        Path provisioning = hostPathMountedAt("grafana", "/etc/grafana/provisioning");
        Map<String, Object> datasource = Yaml.maps(
                Yaml.parse(provisioning.resolve("datasources/prometheus.yml")), "datasources").get(0);
        Map<String, Object> provider = Yaml.maps(
                Yaml.parse(provisioning.resolve("dashboards/shopstream.yml")), "providers").get(0);

        assertThat(Yaml.string(datasource, "url")).isEqualTo("http://prometheus:9090");
        String dashboardsInContainer = Yaml.string(provider, "options", "path");
        Path dashboards = hostPathMountedAt("grafana", dashboardsInContainer);
        assertThat(dashboards).isEqualTo(Path.of("deploy", "grafana", "dashboards").toAbsolutePath());

        String json = Files.readString(dashboards.resolve("shopstream.json"));
        assertThat(json).as("an importable dashboard has no ${...} placeholders").doesNotContain("${");
        Map<String, Object> dashboard = new ObjectMapper().readValue(json, Map.class);
        List<Map<String, Object>> panels = Yaml.maps(dashboard, "panels");
        // rows only group panels; every other panel queries Prometheus
        List<Map<String, Object>> graphs = panels.stream().filter(p -> !"row".equals(p.get("type"))).toList();
        assertThat(graphs).isNotEmpty().allSatisfy(panel -> {
            assertThat(Yaml.string(panel, "datasource", "uid")).isEqualTo(Yaml.string(datasource, "uid"));
            assertThat(Yaml.maps(panel, "targets")).isNotEmpty();
        });
        assertThat(graphs).extracting(p -> p.get("id")).doesNotHaveDuplicates();
        String expressions = graphs.stream().flatMap(p -> Yaml.maps(p, "targets").stream())
                .map(t -> Yaml.string(t, "expr")).collect(Collectors.joining("\n"));
        // which metrics exist is MetricsTest's to check, against a running application
        assertThat(expressions).contains("shopstream_webhooks_received_total", "shopstream_deliveries_processed_total",
                "kafka_consumer_fetch_manager_records_lag_max", "shopstream_admin_api_calls_total");
    }

    /** The host side of a service's bind mount (rendered as absolute path), which must exist. */
    private static Path hostPathMountedAt(String service, String containerPath) {
        for (Object volume : Yaml.list(services, service, "volumes")) {
            String source;
            String target;
            if (volume instanceof Map<?, ?> longSyntax) {
                source = String.valueOf(longSyntax.get("source"));
                target = String.valueOf(longSyntax.get("target"));
            } else {
                String[] parts = volume.toString().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : "";
            }
            if (target.equals(containerPath)) {
                Path host = Path.of(source);
                assertThat(host).as(service + " mounts " + containerPath).isAbsolute().exists();
                return host;
            }
        }
        throw new AssertionError(service + " mounts nothing at " + containerPath);
    }

    private static Map<String, String> without(String variable) {
        Map<String, String> variables = new LinkedHashMap<>(REQUIRED_VARIABLES);
        variables.remove(variable);
        return variables;
    }

    private static ExternalCommand.Result compose(Map<String, String> variables, String... arguments) {
        Path tool = ExternalCommand.require("docker-compose",
                "Install it with `apt-get install -y --no-install-recommends docker-compose` (.ci/run does).");
        List<String> command = new ArrayList<>(List.of(tool.toString(), "-f", COMPOSE_FILE));
        command.addAll(List.of(arguments));
        return ExternalCommand.run(command, env -> {
            env.keySet().removeIf(name -> name.startsWith("COMPOSE_") || name.startsWith("DOCKER_")
                    || Set.of("SHOPSTREAM_WEBHOOK_SECRETS", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD",
                            "SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY", "SHOPSTREAM_SHOPIFY_ADMIN_BASE_URL")
                            .contains(name));
            env.putAll(new LinkedHashMap<>(variables));
        });
    }
}
