package io.shopstream.shops;

/** Credentials in the table need shopstream.shopify.token-encryption-key, and it is not set. */
public class TokenEncryptionKeyMissingException extends IllegalStateException {

    public TokenEncryptionKeyMissingException() {
        super("shopstream.shopify.token-encryption-key is not set: stored credentials cannot be written or read");
    }
}
