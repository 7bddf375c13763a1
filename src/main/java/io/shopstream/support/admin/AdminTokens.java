package io.shopstream.support.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Resolves a presented bearer token to the operator it belongs to. Every configured token is compared (as a
 * SHA-256 digest, in constant time), so neither the time taken nor the result reveals how much of a token matched.
 */
@ApplicationScoped
public class AdminTokens {

    private final Map<String, byte[]> digestsByOperator;

    public AdminTokens(AdminConfig config) {
        this.digestsByOperator = config.tokens().entrySet().stream()
                .filter(entry -> !entry.getValue().isBlank())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> digest(entry.getValue())));
    }

    public Optional<String> operatorFor(String presentedToken) {
        byte[] presented = digest(presentedToken);
        String match = null;
        for (Map.Entry<String, byte[]> entry : digestsByOperator.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getValue())) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
