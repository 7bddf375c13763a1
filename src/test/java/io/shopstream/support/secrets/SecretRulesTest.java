package io.shopstream.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRulesTest {

    private static final String GOOD_SECRET = "shpss_0123456789abcdef0123456789abcdef";
    private static final String GOOD_TOKEN = "k2m5Xq9cVb7Rt1Yz8Wn3Lp6Hs4Dg0Jf2";
    private static final String GOOD_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final SecretRules PRODUCTION = new SecretRules(published(), true);
    private static final SecretRules DEVELOPMENT = new SecretRules(published(), false);

    @Test
    void acceptsStrongSecrets() {
        assertThat(PRODUCTION.check(GOOD_SECRET + "," + GOOD_SECRET.replace('0', '9'), Map.of("alice", GOOD_TOKEN),
                GOOD_KEY)).isEmpty();
        assertThat(PRODUCTION.check(null, Map.of(), null)).as("unset is another check's business").isEmpty();
    }

    @Test
    void refusesTheSecretTemplatesPlaceholdersNamingTheKeyButNotTheValue() {
        List<String> problems = DEVELOPMENT.check("REPLACE-ME-current-client-secret",
                Map.of("ops", "REPLACE-ME-admin-token-of-at-least-24-chars"), "REPLACE-ME-base64-of-32-random-bytes");

        assertThat(problems).containsExactly(
                "shopstream.webhook.secrets (entry 1 of 1) is a placeholder (contains REPLACE-ME)",
                "shopstream.admin.tokens.ops is a placeholder (contains REPLACE-ME)",
                "shopstream.shopify.token-encryption-key is a placeholder (contains REPLACE-ME)");
        assertThat(String.join(" ", problems)).doesNotContain("current-client-secret", "admin-token-of",
                "base64-of-32");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", ",", GOOD_SECRET + ",", "," + GOOD_SECRET, GOOD_SECRET + ", ," + GOOD_SECRET })
    void refusesEmptyWebhookSecretEntries(String secrets) {
        assertThat(DEVELOPMENT.check(secrets, Map.of(), null)).isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).startsWith("shopstream.webhook.secrets (entry")
                        .endsWith("is empty"));
    }

    @Test
    void refusesShortSecretsAndTokens() {
        assertThat(DEVELOPMENT.check(GOOD_SECRET + ",changeme", Map.of("bob", "short-token", "eve", " "), null))
                .containsExactly("shopstream.webhook.secrets (entry 2 of 2) is shorter than 16 characters",
                        "shopstream.admin.tokens.bob is shorter than 24 characters",
                        "shopstream.admin.tokens.eve is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = { "not base64!", "c2hvcnQ=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
    void refusesATokenKeyThatIsNotBase64Of32Bytes(String key) {
        assertThat(DEVELOPMENT.check(null, Map.of(), key))
                .containsExactly("shopstream.shopify.token-encryption-key is not base64 of 32 bytes"
                        + " (openssl rand -base64 32)");
    }

    @Test
    void refusesTheDevAndTestValuesOfApplicationPropertiesInProductionOnly() {
        String devSecret = "shopstream-test-client-secret";
        String testToken = "shopstream-test-admin-token";
        String devKey = "c2hvcHN0cmVhbS1kZXYtdGVzdC10b2tlbi1rZXktMzI=";
        assertThat(published()).contains(devSecret, "shopstream-test-client-secret-next", testToken,
                "shopstream-dev-admin-token", devKey);

        assertThat(DEVELOPMENT.check(devSecret, Map.of("t", testToken), devKey)).isEmpty();
        assertThat(PRODUCTION.check(GOOD_SECRET + "," + devSecret, Map.of("t", testToken), devKey)).containsExactly(
                "shopstream.webhook.secrets (entry 2 of 2) is a development or test value published in"
                        + " application.properties",
                "shopstream.admin.tokens.t is a development or test value published in application.properties",
                "shopstream.shopify.token-encryption-key is a development or test value published in"
                        + " application.properties");
    }

    @Test
    void theSecretTemplateShipsNoValueThatPasses() throws IOException {
        String template = Files.readString(Path.of("deploy/kubernetes/base/secret.template.yaml"));
        java.util.regex.Matcher values = java.util.regex.Pattern
                .compile("(?m)^  (webhook-secrets|token-encryption-key|admin-token-[a-z0-9-]+): \"([^\"]*)\"")
                .matcher(template);
        int seen = 0;
        while (values.find()) {
            seen++;
            String value = values.group(2);
            List<String> problems = switch (values.group(1)) {
                case "webhook-secrets" -> PRODUCTION.check(value, Map.of(), null);
                case "token-encryption-key" -> PRODUCTION.check(null, Map.of(), value);
                default -> PRODUCTION.check(null, Map.of("operator", value), null);
            };
            assertThat(problems).as("%s in the template", values.group(1)).isNotEmpty();
        }
        assertThat(seen).isGreaterThanOrEqualTo(2);
    }

    private static Set<String> published() {
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            return SecretRules.published(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
