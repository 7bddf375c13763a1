package io.shopstream.shopify;

import java.util.Objects;

/** A shop's offline access token. Its {@code toString()} never shows it: only the HTTP header ever does. */
public record AccessToken(String value) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("access token is blank");
        }
    }

    @Override
    public String toString() {
        return "AccessToken[redacted]";
    }
}
