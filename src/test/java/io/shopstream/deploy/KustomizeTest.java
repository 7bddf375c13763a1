package io.shopstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shopstream.compliance.ComplianceEvent;
import io.shopstream.ingest.TopicRouter;
import io.shopstream.ingest.WebhookRoute;
import io.shopstream.inventory.InventoryChangeEvent;
import io.shopstream.orders.EnrichedOrderEvent;
import io.shopstream.deadletters.DeadLetters;
import io.shopstream.devservices.Topics;
import io.shopstream.writeback.WriteBacks;

/**
 * deploy/kubernetes, rendered by `kubectl kustomize` (base and the example overlay) and checked against the
 * application: health paths, port, configuration keys, the Secret's keys, and one KafkaTopic per topic the
 * application uses, each able to hold what the producers send and none keeping customer data indefinitely.
 */
class KustomizeTest {

    private static final String BASE = "deploy/kubernetes/base";
    private static final String OVERLAY = "deploy/kubernetes/overlays/example";
    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    /** Shopify: customer data must be erased within 30 days of a customers/redact or shop/redact request. */
    private static final long REDACTION_DEADLINE_MS = 30 * DAY_MS;
    /** Kafka's default segment.ms: retention deletes closed segments only, so a record may live this much longer. */
    private static final long DEFAULT_SEGMENT_MS = 7 * DAY_MS;

    private static final ApplicationProperties APP = ApplicationProperties.load();
    private static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

    @BeforeAll
    static void render() {
        Path kubectl = ExternalCommand.require("kubectl",
                "kubectl comes with the machine image (/usr/bin/kubectl); this test needs its built-in kustomize.");
        for (String dir : List.of(BASE, OVERLAY)) {
            String yaml = ExternalCommand.run(List.of(kubectl.toString(), "kustomize", dir), env -> {
            }).requireSuccess().stdout();
            RENDERED.put(dir, Yaml.parseAll(yaml));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, OVERLAY })
    void probesUseQuarkusHealthEndpointsOnTheManagementPort(String dir) {
        Map<String, Object> container = container(dir);
        int port = APP.httpPort();
        int management = APP.managementPort();

        assertThat(Yaml.maps(container, "ports")).hasSize(2).anySatisfy(p -> {
            assertThat(Yaml.at(p, "containerPort")).isEqualTo(port);
            assertThat(Yaml.string(p, "name")).isEqualTo("http");
        }).anySatisfy(p -> {
            assertThat(Yaml.at(p, "containerPort")).isEqualTo(management);
            assertThat(Yaml.string(p, "name")).isEqualTo("management");
        });
        assertThat(Yaml.string(container, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
        assertThat(Yaml.string(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        assertThat(Yaml.string(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(Yaml.string(container, probe, "httpGet", "port")).as(probe)
                    .isIn("management", String.valueOf(management));
            assertThat((Integer) Yaml.at(container, probe, "timeoutSeconds")).as(probe)
                    .isLessThan((Integer) Yaml.at(container, probe, "periodSeconds") + 1);
        }
        int startupBudget = (Integer) Yaml.at(container, "startupProbe", "periodSeconds")
                * (Integer) Yaml.at(container, "startupProbe", "failureThreshold");
        assertThat(startupBudget).as("seconds allowed for start-up, Flyway included").isBetween(60, 600);

        Map<String, Object> service = only(dir, "Service");
        assertThat(Yaml.string(service, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(Yaml.maps(service, "spec", "ports")).hasSize(2).anySatisfy(p -> {
            assertThat(Yaml.string(p, "name")).isEqualTo("http");
            assertThat(Yaml.at(p, "port")).isEqualTo(port);
            assertThat(Yaml.string(p, "targetPort")).isIn("http", String.valueOf(port));
        }).anySatisfy(p -> {
            assertThat(Yaml.string(p, "name")).isEqualTo("management");
            assertThat(Yaml.at(p, "port")).isEqualTo(management);
            assertThat(Yaml.string(p, "targetPort")).isIn("management", String.valueOf(management));
        });
        Map<String, Object> serviceSelector = Yaml.map(service, "spec", "selector");
        assertThat(serviceSelector).isNotEmpty().isEqualTo(podLabels(dir, serviceSelector));
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, OVERLAY })
    void theIngressExposesOnlyTheWebhookPathForPost(String dir) {
        Map<String, Object> ingress = only(dir, "Ingress");
        Map<String, Object> service = only(dir, "Service");

        List<Map<String, Object>> rules = Yaml.maps(ingress, "spec", "rules");
        assertThat(rules).singleElement().satisfies(rule -> assertThat(Yaml.maps(rule, "http", "paths"))
                .singleElement().satisfies(path -> {
                    assertThat(Yaml.string(path, "path")).isEqualTo(WebhookRoute.PATH);
                    assertThat(Yaml.string(path, "pathType")).isEqualTo("Exact");
                    assertThat(Yaml.string(path, "backend", "service", "name"))
                            .isEqualTo(Yaml.string(service, "metadata", "name"));
                    assertThat(Yaml.string(path, "backend", "service", "port", "name")).isEqualTo("http");
                }));
        assertThat(Yaml.map(ingress, "metadata", "annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "10m")
                .hasEntrySatisfying("nginx.ingress.kubernetes.io/configuration-snippet",
                        snippet -> assertThat(snippet.toString()).contains("limit_except POST { deny all; }"));
        assertThat(RENDERED.get(dir)).filteredOn(r -> "Ingress".equals(r.get("kind"))).hasSize(1);
        assertThat(RENDERED.get(dir)).filteredOn(r -> "Service".equals(r.get("kind")))
                .allSatisfy(s -> assertThat(Yaml.string(s, "spec", "type")).isEqualTo("ClusterIP"));
    }

    @Test
    void theExampleOverlayServesTheWebhookPathOverTlsOnItsHost() {
        Map<String, Object> ingress = only(OVERLAY, "Ingress");

        String host = Yaml.string(Yaml.maps(ingress, "spec", "rules").get(0), "host");
        assertThat(host).isNotBlank();
        assertThat(Yaml.maps(ingress, "spec", "tls")).singleElement()
                .satisfies(tls -> assertThat(Yaml.list(tls, "hosts")).containsExactly(host));
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, OVERLAY })
    void runsAsNonRootOnAReadOnlyFilesystem(String dir) {
        Map<String, Object> pod = Yaml.map(only(dir, "Deployment"), "spec", "template", "spec");
        Map<String, Object> container = container(dir);

        assertThat(Yaml.at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat((Integer) Yaml.at(pod, "securityContext", "runAsUser")).isPositive();
        assertThat(Yaml.at(container, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(Yaml.at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(Yaml.at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(Yaml.list(container, "securityContext", "capabilities", "drop")).containsExactly("ALL");

        Map<String, Object> tmp = Yaml.maps(container, "volumeMounts").stream()
                .filter(m -> "/tmp".equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("no writable /tmp"));
        assertThat(Yaml.maps(pod, "volumes"))
                .anySatisfy(v -> {
                    assertThat(v.get("name")).isEqualTo(tmp.get("name"));
                    assertThat(v).containsKey("emptyDir");
                });
        assertThat(Yaml.map(container, "resources", "requests")).containsKeys("cpu", "memory");
        assertThat(Yaml.map(container, "resources", "limits")).containsKey("memory");
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, OVERLAY })
    void configuresTheApplicationOnlyWithKeysItReads(String dir) {
        Map<String, Object> container = container(dir);
        Map<String, Object> configMap = only(dir, "ConfigMap");
        Map<String, String> keysByEnv = APP.keysByEnvironmentName();

        assertThat(Yaml.maps(container, "envFrom")).extracting(e -> Yaml.string(e, "configMapRef", "name"))
                .containsExactly(Yaml.string(configMap, "metadata", "name"));
        Set<String> names = new TreeSet<>(Yaml.map(configMap, "data").keySet());
        Map<String, String> secretKeys = new HashMap<>();
        for (Map<String, Object> env : Yaml.maps(container, "env")) {
            String name = Yaml.string(env, "name");
            names.add(name);
            assertThat(Yaml.string(env, "valueFrom", "secretKeyRef", "name")).as(name).isEqualTo("shopstream-secrets");
            secretKeys.put(name, Yaml.string(env, "valueFrom", "secretKeyRef", "key"));
        }

        assertThat(keysByEnv).containsKeys(names.toArray(String[]::new));
        assertThat(names).contains("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_REACTIVE_URL",
                "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME");
        assertThat(secretKeys).containsOnlyKeys("SHOPSTREAM_WEBHOOK_SECRETS", "QUARKUS_DATASOURCE_PASSWORD",
                "SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY");
        assertThat(secretKeys).containsEntry("SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY", "token-encryption-key");
        assertThat(keysByEnv).containsEntry("SHOPSTREAM_SHOPIFY_TOKEN_ENCRYPTION_KEY",
                "shopstream.shopify.token-encryption-key");

        // The Secret is documented by its template and created out of band: never rendered with placeholders.
        assertThat(RENDERED.get(dir)).noneMatch(doc -> "Secret".equals(doc.get("kind")));
        Map<String, Object> template = Yaml.parse(Path.of(BASE, "secret.template.yaml"));
        assertThat(Yaml.string(template, "metadata", "name")).isEqualTo("shopstream-secrets");
        assertThat(Yaml.map(template, "stringData")).containsOnlyKeys(secretKeys.values().toArray(String[]::new))
                .allSatisfy((key, value) -> assertThat(value.toString()).contains("REPLACE-ME"));
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, OVERLAY })
    void staysAvailableAndScalesOnCpu(String dir) {
        Map<String, Object> deployment = only(dir, "Deployment");
        Map<String, Object> pdb = only(dir, "PodDisruptionBudget");
        Map<String, Object> hpa = only(dir, "HorizontalPodAutoscaler");

        assertThat((Integer) Yaml.at(deployment, "spec", "replicas")).isGreaterThanOrEqualTo(2);
        assertThat(Yaml.string(pdb, "apiVersion")).isEqualTo("policy/v1");
        assertThat(Yaml.at(pdb, "spec", "minAvailable")).isEqualTo(1);
        Map<String, Object> pdbSelector = Yaml.map(pdb, "spec", "selector", "matchLabels");
        assertThat(pdbSelector).isNotEmpty().isEqualTo(podLabels(dir, pdbSelector));
        assertThat(Yaml.string(hpa, "apiVersion")).isEqualTo("autoscaling/v2");
        assertThat(Yaml.string(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(Yaml.string(hpa, "spec", "scaleTargetRef", "name"))
                .isEqualTo(Yaml.string(deployment, "metadata", "name"));
        assertThat((Integer) Yaml.at(hpa, "spec", "minReplicas")).isGreaterThanOrEqualTo(2)
                .isLessThanOrEqualTo((Integer) Yaml.at(hpa, "spec", "maxReplicas"));
        assertThat(Yaml.maps(hpa, "spec", "metrics")).anySatisfy(metric -> {
            assertThat(Yaml.string(metric, "resource", "name")).isEqualTo("cpu");
            assertThat(Yaml.string(metric, "resource", "target", "type")).isEqualTo("Utilization");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, OVERLAY })
    void declaresExactlyTheTopicsTheApplicationUses(String dir) {
        Set<String> raw = TopicRouter.withDefaults().kafkaTopics();
        Set<String> deadLetters = APP.values(key -> key.endsWith(".dead-letter-queue.topic"));
        Set<String> consumed = new TreeSet<>(APP.values(key -> key.startsWith("mp.messaging.incoming.")
                && key.endsWith(".topic") && !key.endsWith(".dead-letter-queue.topic")));
        consumed.remove(WriteBacks.TOPIC);

        assertThat(raw).hasSize(8);
        assertThat(deadLetters).containsExactlyInAnyOrder("shopify.orders.v1.dlq", "shopify.inventory.v1.dlq",
                "shopify.products.v1.dlq", "shopify.compliance.v1.dlq", "shopify.app.v1.dlq");
        assertThat(raw).containsAll(consumed);
        assertThat(Topics.all()).containsAll(raw).containsAll(deadLetters)
                .contains(EnrichedOrderEvent.TOPIC, InventoryChangeEvent.TOPIC, ComplianceEvent.TOPIC, WriteBacks.TOPIC,
                        WriteBacks.TOPIC + DeadLetters.SUFFIX);
        assertThat(topics(dir).keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
        assertThat(topics(dir).values()).allSatisfy(topic -> {
            assertThat(Yaml.string(topic, "apiVersion")).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(Yaml.map(topic, "metadata", "labels")).containsKey("strimzi.io/cluster");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { BASE, OVERLAY })
    void topicsSurviveABrokerAndBoundTheLifeOfCustomerData(String dir) {
        long largestRecord = APP.largestProducerRequest();
        Set<String> rawOrDeadLetter = new TreeSet<>(TopicRouter.withDefaults().kafkaTopics());
        rawOrDeadLetter.addAll(APP.values(key -> key.endsWith(".dead-letter-queue.topic")));

        topics(dir).forEach((name, topic) -> {
            Map<String, Object> config = Yaml.map(topic, "spec", "config");
            int replicas = (Integer) Yaml.at(topic, "spec", "replicas");
            assertThat(replicas).as(name).isGreaterThanOrEqualTo(3);
            assertThat(number(config, "min.insync.replicas")).as(name).isBetween(2L, replicas - 1L);
            assertThat((Integer) Yaml.at(topic, "spec", "partitions")).as(name).isPositive();
            long retention = number(config, "retention.ms");
            assertThat(retention).as(name + " retention.ms is finite").isPositive();
            if (rawOrDeadLetter.contains(name)) {
                assertThat(number(config, "max.message.bytes")).as(name).isGreaterThanOrEqualTo(largestRecord);
                long segment = config.containsKey("segment.ms") ? number(config, "segment.ms") : DEFAULT_SEGMENT_MS;
                assertThat(retention + segment).as(name + ": customer data gone within Shopify's redaction deadline")
                        .isLessThanOrEqualTo(REDACTION_DEADLINE_MS);
            }
        });
        assertThat(TopicRouter.withDefaults().kafkaTopics())
                .allSatisfy(raw -> assertThat((Integer) Yaml.at(topics(dir).get(raw), "spec", "partitions"))
                        .isGreaterThanOrEqualTo(12));
    }

    @Test
    void overlayPlacesTheAppInItsNamespaceWithATaggedImage() {
        List<Map<String, Object>> overlay = RENDERED.get(OVERLAY);

        assertThat(Yaml.string(container(OVERLAY), "image")).isEqualTo("shopstream:0.1.0");
        assertThat(Yaml.string(container(BASE), "image")).isEqualTo("shopstream:latest");
        assertThat(Yaml.at(only(OVERLAY, "Deployment"), "spec", "replicas")).isEqualTo(3);
        assertThat(overlay).filteredOn(doc -> !Set.of("Namespace", "KafkaTopic").contains(doc.get("kind")))
                .isNotEmpty()
                .allSatisfy(doc -> assertThat(Yaml.string(doc, "metadata", "namespace")).isEqualTo("shopstream"));
        assertThat(topics(OVERLAY).values()).allSatisfy(topic -> {
            assertThat(Yaml.string(topic, "metadata", "namespace")).isEqualTo("kafka");
            assertThat(Yaml.string(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo("production");
        });
        String bootstrap = Yaml.string(only(OVERLAY, "ConfigMap"), "data", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).startsWith("production-kafka-bootstrap.kafka");
    }

    private static Map<String, Object> only(String dir, String kind) {
        List<Map<String, Object>> matching = RENDERED.get(dir).stream().filter(doc -> kind.equals(doc.get("kind")))
                .toList();
        assertThat(matching).as(kind + " in " + dir).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, Object> container(String dir) {
        List<Map<String, Object>> containers = Yaml.maps(only(dir, "Deployment"), "spec", "template", "spec",
                "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The pod template's labels restricted to the keys of a selector, to check that the selector matches pods. */
    private static Map<String, Object> podLabels(String dir, Map<String, Object> selector) {
        Map<String, Object> podLabels = Yaml.map(only(dir, "Deployment"), "spec", "template", "metadata", "labels");
        Map<String, Object> subset = new HashMap<>();
        selector.keySet().forEach(key -> subset.put(key, podLabels.get(key)));
        return subset;
    }

    /** KafkaTopics by the topic they create (spec.topicName, else metadata.name, as Strimzi does). */
    private static Map<String, Map<String, Object>> topics(String dir) {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Map<String, Object> doc : RENDERED.get(dir)) {
            if ("KafkaTopic".equals(doc.get("kind"))) {
                Map<String, Object> spec = Yaml.map(doc, "spec");
                String name = spec.containsKey("topicName") ? Yaml.string(spec, "topicName")
                        : Yaml.string(doc, "metadata", "name");
                if (byName.put(name, doc) != null) {
                    duplicates.add(name);
                }
            }
        }
        assertThat(duplicates).as("topics declared twice").isEmpty();
        return byName;
    }

    private static long number(Map<String, Object> config, String key) {
        assertThat(config).containsKey(key);
        return Long.parseLong(config.get(key).toString());
    }
}
