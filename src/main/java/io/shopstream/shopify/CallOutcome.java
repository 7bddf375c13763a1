package io.shopstream.shopify;

import java.util.Locale;

/** What one HTTP attempt came to: the {@code outcome} tag of {@code shopstream.admin.api.calls}. */
public enum CallOutcome {
    SUCCESS, THROTTLED, USER_ERRORS, MAX_COST_EXCEEDED, UNAUTHORIZED, SERVER_ERROR, TIMEOUT, CONNECTION_ERROR,
    /** Other top-level GraphQL errors and 4xx answers: permanent. */
    CLIENT_ERROR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
