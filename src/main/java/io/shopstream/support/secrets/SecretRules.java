package io.shopstream.support.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a usable secret looks like. Pure: the caller hands in the configured values; every problem found names the
 * key (and the entry's position for a list), never the value.
 * <ul>
 * <li>webhook secrets ({@value #WEBHOOK_SECRETS}): a comma-separated list with no empty entry, each at least
 * {@value #MIN_WEBHOOK_SECRET} characters (Shopify's client secrets are 32 or more);</li>
 * <li>admin tokens ({@value #ADMIN_TOKENS}{@code <operator>}): at least {@value #MIN_ADMIN_TOKEN} characters;</li>
 * <li>the token encryption key ({@value #TOKEN_KEY}), when set: base64 of exactly 32 bytes;</li>
 * <li>none contains {@value #PLACEHOLDER}, and in production none is a development or test value published in
 * {@code application.properties}.</li>
 * </ul>
 */
public final class SecretRules {

    public static final String WEBHOOK_SECRETS = "shopstream.webhook.secrets";
    public static final String ADMIN_TOKENS = "shopstream.admin.tokens.";
    public static final String TOKEN_KEY = "shopstream.shopify.token-encryption-key";
    static final String PLACEHOLDER = "REPLACE-ME";
    static final int MIN_WEBHOOK_SECRET = 16;
    static final int MIN_ADMIN_TOKEN = 24;
    static final int KEY_BYTES = 32;

    private final Set<String> publicValues;
    private final boolean production;

    /**
     * @param publicValues values that anyone can read (the dev and test profiles' secrets)
     * @param production whether those are refused
     */
    public SecretRules(Set<String> publicValues, boolean production) {
        this.publicValues = Set.copyOf(publicValues);
        this.production = production;
    }

    /**
     * @param webhookSecrets the raw comma-separated value, or null when unset
     * @param adminTokens operator to token
     * @param tokenKey the raw key, or null when unset
     * @return one line per problem, naming the key; empty when all is well
     */
    public List<String> check(String webhookSecrets, Map<String, String> adminTokens, String tokenKey) {
        List<String> problems = new ArrayList<>();
        if (webhookSecrets != null) {
            String[] entries = webhookSecrets.split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                String name = WEBHOOK_SECRETS + " (entry " + (i + 1) + " of " + entries.length + ")";
                String entry = entries[i].trim();
                if (entry.isEmpty()) {
                    problems.add(name + " is empty");
                } else {
                    common(name, entry, problems);
                    if (entry.length() < MIN_WEBHOOK_SECRET) {
                        problems.add(name + " is shorter than " + MIN_WEBHOOK_SECRET + " characters");
                    }
                }
            }
        }
        new TreeSet<>(adminTokens.keySet()).forEach(operator -> {
            String name = ADMIN_TOKENS + operator;
            String token = adminTokens.get(operator) == null ? "" : adminTokens.get(operator).trim();
            if (token.isEmpty()) {
                problems.add(name + " is empty");
                return;
            }
            common(name, token, problems);
            if (token.length() < MIN_ADMIN_TOKEN) {
                problems.add(name + " is shorter than " + MIN_ADMIN_TOKEN + " characters");
            }
        });
        if (tokenKey != null && !tokenKey.isBlank()) {
            String key = tokenKey.trim();
            common(TOKEN_KEY, key, problems);
            if (!key.contains(PLACEHOLDER) && decodedLength(key) != KEY_BYTES) {
                problems.add(TOKEN_KEY + " is not base64 of " + KEY_BYTES + " bytes (openssl rand -base64 32)");
            }
        }
        return problems;
    }

    private void common(String name, String value, List<String> problems) {
        if (value.toUpperCase(Locale.ROOT).contains(PLACEHOLDER)) {
            problems.add(name + " is a placeholder (contains " + PLACEHOLDER + ")");
        } else if (production && publicValues.contains(value)) {
            problems.add(name + " is a development or test value published in application.properties");
        }
    }

    private static int decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The secrets that the {@code %dev} and {@code %test} profiles of an {@code application.properties} publish. */
    public static Set<String> published(InputStream applicationProperties) {
        Properties properties = new Properties();
        try (InputStream in = applicationProperties) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> values = new TreeSet<>();
        properties.stringPropertyNames().forEach(name -> {
            if (!name.startsWith("%dev.") && !name.startsWith("%test.")) {
                return;
            }
            String key = name.substring(name.indexOf('.') + 1);
            if (key.equals(WEBHOOK_SECRETS) || key.startsWith(ADMIN_TOKENS) || key.equals(TOKEN_KEY)) {
                for (String value : properties.getProperty(name).split(",")) {
                    if (!value.isBlank()) {
                        values.add(value.trim());
                    }
                }
            }
        });
        return values;
    }
}
