-- Admin API credentials of shops, for fleets (small setups can use shopstream.shops."<domain>".access-token).
-- The access token is encrypted at rest: AES-256-GCM with shopstream.shopify.token-encryption-key, the shop's
-- domain as associated data (see io.shopstream.shopify.TokenCipher). Never store or log it in plain text.
CREATE TABLE shop_credentials (
    shop_domain            text PRIMARY KEY,
    access_token_encrypted bytea NOT NULL,
    -- standard, advanced, plus, enterprise (rate limits; null = shopstream.shopify.default-plan)
    plan                   text,
    -- set when Shopify answered 401/403; calls to the shop stop until new credentials are stored
    invalid_since          timestamptz,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    -- the operator who stored them (admin API)
    updated_by             text
);

CREATE INDEX shop_credentials_invalid ON shop_credentials (shop_domain) WHERE invalid_since IS NOT NULL;
