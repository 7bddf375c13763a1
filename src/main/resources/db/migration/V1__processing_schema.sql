-- Shopstream's model of what Shopify sent. Every row is keyed by the shop plus Shopify's own id; money is numeric,
-- times are timestamptz. "version_*" columns carry the ordering of out-of-order deliveries: the payload's
-- updated_at, tie-broken by X-Shopify-Triggered-At.

-- One row per applied or skipped delivery, written in the same transaction as its effect.
CREATE TABLE processed_deliveries (
    shop_domain     text        NOT NULL,
    webhook_id      text        NOT NULL,
    topic           text        NOT NULL,
    event_id        text,
    triggered_at    timestamptz,
    outcome         text        NOT NULL,  -- applied | stale | recorded
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    processed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_domain, webhook_id)
);
CREATE INDEX processed_deliveries_processed_at ON processed_deliveries (processed_at);

CREATE TABLE orders (
    shop_domain          text        NOT NULL,
    id                   bigint      NOT NULL,
    name                 text,
    order_number         bigint,
    email                text,
    financial_status     text,
    fulfillment_status   text,
    currency             text,
    subtotal_price       numeric(20, 4),
    total_price          numeric(20, 4),
    total_tax            numeric(20, 4),
    total_discounts      numeric(20, 4),
    tags                 text,
    customer_id          bigint,
    created_at           timestamptz,
    updated_at           timestamptz NOT NULL,
    cancelled_at         timestamptz,
    cancel_reason        text,
    closed_at            timestamptz,
    version_triggered_at timestamptz,
    needs_refresh        boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (shop_domain, id)
);
CREATE INDEX orders_customer ON orders (shop_domain, customer_id);

CREATE TABLE order_line_items (
    shop_domain text    NOT NULL,
    id          bigint  NOT NULL,
    order_id    bigint  NOT NULL,
    product_id  bigint,
    variant_id  bigint,
    sku         text,
    title       text,
    quantity    integer NOT NULL,
    price       numeric(20, 4),
    PRIMARY KEY (shop_domain, id),
    FOREIGN KEY (shop_domain, order_id) REFERENCES orders (shop_domain, id) ON DELETE CASCADE
);
CREATE INDEX order_line_items_order ON order_line_items (shop_domain, order_id);

-- Refunds are immutable and may arrive before their order: no foreign key.
CREATE TABLE refunds (
    shop_domain text        NOT NULL,
    id          bigint      NOT NULL,
    order_id    bigint      NOT NULL,
    created_at  timestamptz,
    amount      numeric(20, 4) NOT NULL,
    PRIMARY KEY (shop_domain, id)
);
CREATE INDEX refunds_order ON refunds (shop_domain, order_id);

-- orders/edited carries a delta, not an order: recorded here, and the order is marked for a refresh.
CREATE TABLE order_edits (
    shop_domain  text        NOT NULL,
    id           bigint      NOT NULL,
    order_id     bigint      NOT NULL,
    committed_at timestamptz,
    line_items_added   integer NOT NULL,
    line_items_removed integer NOT NULL,
    PRIMARY KEY (shop_domain, id)
);

CREATE TABLE inventory_items (
    shop_domain          text        NOT NULL,
    id                   bigint      NOT NULL,
    sku                  text,
    cost                 numeric(20, 4),
    tracked              boolean,
    updated_at           timestamptz NOT NULL,
    version_triggered_at timestamptz,
    PRIMARY KEY (shop_domain, id)
);

CREATE TABLE inventory_levels (
    shop_domain          text        NOT NULL,
    inventory_item_id    bigint      NOT NULL,
    location_id          bigint      NOT NULL,
    available            integer,
    updated_at           timestamptz NOT NULL,
    version_triggered_at timestamptz,
    PRIMARY KEY (shop_domain, inventory_item_id, location_id)
);

CREATE TABLE products (
    shop_domain          text        NOT NULL,
    id                   bigint      NOT NULL,
    title                text,
    handle               text,
    vendor               text,
    product_type         text,
    status               text,
    tags                 text,
    created_at           timestamptz,
    updated_at           timestamptz NOT NULL,
    version_triggered_at timestamptz,
    PRIMARY KEY (shop_domain, id)
);

CREATE TABLE product_variants (
    shop_domain        text    NOT NULL,
    id                 bigint  NOT NULL,
    product_id         bigint  NOT NULL,
    sku                text,
    title              text,
    price              numeric(20, 4),
    inventory_item_id  bigint,
    inventory_quantity integer,
    updated_at         timestamptz,
    PRIMARY KEY (shop_domain, id),
    FOREIGN KEY (shop_domain, product_id) REFERENCES products (shop_domain, id) ON DELETE CASCADE
);
CREATE INDEX product_variants_sku ON product_variants (shop_domain, sku);
CREATE INDEX product_variants_inventory_item ON product_variants (shop_domain, inventory_item_id);

-- A deletion, kept with its time so that a stale update delivered after it cannot bring the entity back.
CREATE TABLE tombstones (
    shop_domain text        NOT NULL,
    entity      text        NOT NULL,  -- order | product | inventory_item | inventory_level
    entity_key  text        NOT NULL,  -- the id, or "item:location" for a level
    deleted_at  timestamptz NOT NULL,
    PRIMARY KEY (shop_domain, entity, entity_key)
);

-- Enriched events written in the transaction of the change they describe, published to Kafka after commit and
-- deleted once Kafka acknowledged them: a crash between commit and publish delays an event, never loses it.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    key        text        NOT NULL,
    ce_id      text        NOT NULL,
    ce_type    text        NOT NULL,
    ce_source  text        NOT NULL,
    ce_time    timestamptz NOT NULL,
    correlation_id text,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
