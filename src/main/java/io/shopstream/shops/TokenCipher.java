package io.shopstream.shops;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.shopstream.shopify.AccessToken;

/**
 * Access tokens at rest: AES-256-GCM, a random 96-bit nonce per encryption, the shop's domain as associated data
 * (a token copied to another shop's row does not decrypt). Stored as {@code 0x01 || nonce || ciphertext+tag}.
 */
public final class TokenCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public TokenCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the token encryption key must be 32 bytes (base64 of 32 bytes)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public static TokenCipher fromBase64(String base64) {
        try {
            return new TokenCipher(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            // the key itself never goes into the message
            throw new IllegalArgumentException(
                    "shopstream.shopify.token-encryption-key must be base64 of 32 bytes", null);
        }
    }

    public byte[] encrypt(String shop, AccessToken token) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, shop);
            byte[] sealed = cipher.doFinal(token.value().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed for " + shop, null);
        }
    }

    /** @throws IllegalStateException when the value was not sealed for this shop with this key */
    public AccessToken decrypt(String shop, byte[] stored) {
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalStateException("stored token of " + shop + " has an unknown format");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        System.arraycopy(stored, 1, nonce, 0, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, shop);
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new AccessToken(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored token of " + shop
                    + " does not decrypt with the configured key (wrong key, or copied from another shop)");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String shop) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(shop.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
