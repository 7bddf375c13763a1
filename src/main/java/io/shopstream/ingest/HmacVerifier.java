package io.shopstream.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Shopify-Hmac-Sha256}: the Base64 HMAC-SHA256 of the raw body bytes, keyed with the app's client
 * secret. Several secrets may be active during a rotation (current first); every one is checked, so the time taken
 * does not reveal which secret matched.
 */
public final class HmacVerifier {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;

    private final List<SecretKeySpec> keys;
    private final ThreadLocal<Mac[]> macs;

    public HmacVerifier(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is required");
        }
        this.keys = secrets.stream()
                .map(secret -> {
                    if (secret == null || secret.isBlank()) {
                        throw new IllegalArgumentException("webhook secrets must not be blank");
                    }
                    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
                })
                .toList();
        // Mac instances are not thread-safe and costly to create: one initialised set per thread.
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    /**
     * @return the position of the first configured secret whose signature equals the header, or empty when the
     *         header is missing, malformed or matches none of them
     */
    public OptionalInt verify(byte[] body, String signatureHeader) {
        byte[] given = decode(signatureHeader);
        if (given == null) {
            return OptionalInt.empty();
        }
        Mac[] perSecret = macs.get();
        int match = -1;
        for (int i = 0; i < perSecret.length; i++) {
            boolean equal = MessageDigest.isEqual(perSecret[i].doFinal(body), given);
            if (equal && match < 0) {
                match = i;
            }
        }
        return match < 0 ? OptionalInt.empty() : OptionalInt.of(match);
    }

    private static byte[] decode(String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return null;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(signatureHeader.trim());
            return decoded.length == SIGNATURE_BYTES ? decoded : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private Mac[] newMacs() {
        Mac[] result = new Mac[keys.size()];
        for (int i = 0; i < result.length; i++) {
            try {
                result[i] = Mac.getInstance(ALGORITHM);
                result[i].init(keys.get(i));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "HmacVerifier[" + keys.size() + " secret(s)]";
    }
}
