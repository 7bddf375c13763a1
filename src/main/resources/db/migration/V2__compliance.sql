-- Privacy compliance and the app's lifecycle per shop. Nothing here holds a customer's contact details: markers and
-- fulfilment records keep Shopify ids, kinds and counts only. data_exports holds a customer's data until it expires.

-- Whether the app is installed on a shop. No row: never uninstalled (installed as far as Shopstream knows).
-- erased_at: when shop/redact erased the shop; deliveries triggered at or before it are never claimed again.
CREATE TABLE shop_installations (
    shop_domain    text        PRIMARY KEY,
    status         text        NOT NULL,  -- installed | uninstalled
    uninstalled_at timestamptz,
    reinstalled_at timestamptz,
    erased_at      timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- customers/redact markers: an order webhook arriving later for this customer or these orders is stored anonymised.
CREATE TABLE customer_redactions (
    shop_domain text        NOT NULL,
    customer_id bigint      NOT NULL,
    redacted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_domain, customer_id)
);

CREATE TABLE redacted_orders (
    shop_domain text        NOT NULL,
    order_id    bigint      NOT NULL,
    redacted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_domain, order_id)
);

-- One row per fulfilled compliance request: what kind, when, and how many records of which kind it touched.
-- Kept after shop/redact as the proof of fulfilment; it names no customer.
CREATE TABLE compliance_requests (
    shop_domain        text        NOT NULL,
    webhook_id         text        NOT NULL,
    kind               text        NOT NULL,  -- customers/redact | customers/data_request | shop/redact
    shopify_request_id bigint,                -- data_request.id of customers/data_request
    triggered_at       timestamptz,
    fulfilled_at       timestamptz NOT NULL DEFAULT now(),
    records            jsonb       NOT NULL,  -- {"orders": 2, ...}: records touched, by table
    export_id          uuid,
    PRIMARY KEY (shop_domain, webhook_id)
);

-- customers/data_request exports for the merchant, downloadable through the admin API until expires_at.
CREATE TABLE data_exports (
    id              uuid        PRIMARY KEY,
    shop_domain     text        NOT NULL,
    customer_id     bigint      NOT NULL,
    data_request_id bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    content         jsonb       NOT NULL
);
CREATE INDEX data_exports_shop ON data_exports (shop_domain, created_at);
CREATE INDEX data_exports_expires_at ON data_exports (expires_at);
