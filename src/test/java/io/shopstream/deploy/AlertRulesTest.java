package io.shopstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yml (docker-compose.yml's Prometheus) and the PrometheusRule of
 * deploy/kubernetes/monitoring, offline. Whether the metrics they read exist is MetricsTest's to check.
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("deploy", "prometheus", "alerts.yml");
    private static final Path MONITORING = Path.of("deploy", "kubernetes", "monitoring");

    private static final List<String> EXPECTED_ALERTS = List.of(
            "ShopstreamHmacFailureSpike", "ShopstreamIngest5xxRatio", "ShopstreamIngestLatencyHigh",
            "ShopstreamWebhooksQuarantined", "ShopstreamForgedDeliveries",
            "ShopstreamConsumerLagGrowing", "ShopstreamConsumerStalled", "ShopstreamDeadLettersGrowing",
            "ShopstreamOutboxBacklog", "ShopstreamAdminApiThrottled", "ShopstreamAdminApiBucketNearlyEmpty",
            "ShopstreamWritebackBacklog", "ShopstreamWritebackDeadLetters", "ShopstreamShopCredentialsInvalid");

    @Test
    void everyRuleIsAnAlertWithAnExpressionASeverityAndAnExplanation() {
        List<Map<String, Object>> rules = rules(Yaml.maps(Yaml.parse(RULES), "groups"));

        assertThat(rules).extracting(rule -> rule.get("alert")).containsExactlyElementsOf(EXPECTED_ALERTS);
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.keySet()).isSubsetOf("alert", "expr", "for", "labels", "annotations");
            assertThat(Yaml.string(rule, "expr")).isNotBlank();
            assertThat(Yaml.string(rule, "labels", "severity")).isIn("critical", "warning", "info");
            assertThat(Yaml.string(rule, "annotations", "summary")).isNotBlank();
            assertThat(Yaml.string(rule, "annotations", "description")).isNotBlank();
            if (rule.containsKey("for")) {
                assertThat(Yaml.string(rule, "for")).matches("\\d+[smh]");
            }
        });
    }

    @Test
    void theKubernetesPrometheusRuleHasTheSameGroups() {
        Path kubectl = ExternalCommand.require("kubectl",
                "kubectl comes with the machine image (/usr/bin/kubectl); this test needs its built-in kustomize.");
        String rendered = ExternalCommand.run(List.of(kubectl.toString(), "kustomize", MONITORING.toString()),
                env -> {
                }).requireSuccess().stdout();
        List<Map<String, Object>> resources = Yaml.parseAll(rendered);
        Map<String, Object> rule = resources.stream().filter(r -> "PrometheusRule".equals(r.get("kind")))
                .findFirst().orElseThrow(() -> new AssertionError("no PrometheusRule in " + MONITORING));
        Map<String, Object> monitor = resources.stream().filter(r -> "ServiceMonitor".equals(r.get("kind")))
                .findFirst().orElseThrow(() -> new AssertionError("no ServiceMonitor in " + MONITORING));

        assertThat(Yaml.string(rule, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(Yaml.list(rule, "spec", "groups")).isEqualTo(Yaml.list(Yaml.parse(RULES), "groups"));
        assertThat(Yaml.maps(monitor, "spec", "endpoints")).singleElement().satisfies(endpoint -> {
            assertThat(Yaml.string(endpoint, "path")).isEqualTo("/q/metrics");
            assertThat(Yaml.string(endpoint, "port")).isEqualTo("management");
        });
    }

    /** Prometheus' own checker (Debian package prometheus), when installed: PromQL syntax, durations, templates. */
    @Test
    void promtoolAcceptsTheRules() {
        Optional<Path> promtool = ExternalCommand.find("promtool");
        Assumptions.assumeTrue(promtool.isPresent(),
                "promtool not installed (apt-get install --no-install-recommends prometheus)");
        ExternalCommand.run(List.of(promtool.get().toString(), "check", "rules", RULES.toString()), env -> {
        }).requireSuccess();
    }

    private static List<Map<String, Object>> rules(List<Map<String, Object>> groups) {
        List<Map<String, Object>> rules = new ArrayList<>();
        assertThat(groups).isNotEmpty().allSatisfy(group -> {
            assertThat(Yaml.string(group, "name")).isNotBlank();
            rules.addAll(Yaml.maps(group, "rules"));
        });
        return rules;
    }
}
