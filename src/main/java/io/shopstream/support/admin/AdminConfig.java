package io.shopstream.support.admin;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Who may call the admin API ({@code /admin/*}). */
@ConfigMapping(prefix = "shopstream.admin")
public interface AdminConfig {

    /**
     * Operator name to bearer token, e.g. {@code shopstream.admin.tokens.alice=...} (env
     * {@code SHOPSTREAM_ADMIN_TOKENS_ALICE}). The name is what audit records show. No default: with no token
     * configured every admin call is refused. Tokens are never logged.
     */
    Map<String, String> tokens();
}
