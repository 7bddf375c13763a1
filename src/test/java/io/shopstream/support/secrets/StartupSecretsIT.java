package io.shopstream.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shopstream.testing.Ports;

/**
 * The packaged application (production profile) refuses to start with a placeholder or published secret: it exits
 * non-zero, naming the key and never the value, and never serves. Runs after {@code package} (failsafe).
 */
class StartupSecretsIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOGS = Path.of("target", "startup-secrets-it");

    @ParameterizedTest
    @CsvSource({
            "placeholder, shopstream.webhook.secrets, REPLACE-ME-current-client-secret,"
                    + " shopstream.webhook.secrets (entry 1 of 1) is a placeholder",
            "published, shopstream.webhook.secrets, shopstream-test-client-secret,"
                    + " shopstream.webhook.secrets (entry 1 of 1) is a development or test value",
            "short-token, shopstream.admin.tokens.ops, short-admin-token,"
                    + " shopstream.admin.tokens.ops is shorter than 24 characters" })
    void refusesToStart(String name, String key, String value, String message) throws Exception {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + Ports.free(),
                // nothing else to fail on: no migrations, an address where no broker listens
                "-Dquarkus.flyway.migrate-at-start=false", "-Dkafka.bootstrap.servers=127.0.0.1:1",
                "-Dshopstream.webhook.secrets=packaged-startup-secrets-it-secret"));
        command.add("-D" + key + "=" + value);
        command.addAll(List.of("-jar", JAR.toString()));
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exited; log in %s", log).isTrue();
            assertThat(process.exitValue()).isNotZero();
            String output = Files.readString(log);
            assertThat(output).contains(message).doesNotContain(value);
            assertThat(Ports.listening(port)).isFalse();
            assertThat(output).doesNotContain("Listening on");
        } finally {
            process.destroyForcibly();
        }
    }

}
