package io.shopstream.processing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a delivery's exact bytes: how the ledger recognises a signed body sent again. */
public final class BodyDigest {

    private BodyDigest() {
    }

    public static byte[] of(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static String hex(byte[] body) {
        return HexFormat.of().formatHex(of(body));
    }
}
