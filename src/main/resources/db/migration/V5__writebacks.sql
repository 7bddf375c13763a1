-- Write-backs to the Shopify Admin API. A write-back is written to the outbox (topic shopstream.writebacks.v1, keyed
-- by the shop it writes to) in the transaction of the change that caused it; the instance owning the shop's
-- partition performs it and records its end here before the record's offset is committed, so a redelivery (a
-- restart, a rebalance) finds it done and does not perform it again.
CREATE TABLE writebacks (
    shop_domain  text        NOT NULL,
    id           text        NOT NULL,
    kind         text        NOT NULL,
    status       text        NOT NULL,  -- applied | unchanged | skipped | cancelled | dead-lettered
    attempts     integer     NOT NULL,
    detail       text,
    error_codes  text,
    completed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_domain, id)
);
CREATE INDEX writebacks_completed_at ON writebacks (completed_at);

-- What the order rules last asked Shopify to hold for an order: an echo (orders/updated caused by our own write)
-- that asks for the same tags and metafield value writes nothing.
CREATE TABLE order_writebacks (
    shop_domain     text        NOT NULL,
    order_id        bigint      NOT NULL,
    tags            text        NOT NULL,
    metafield_value text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_domain, order_id)
);

-- A level Shopstream is about to set in a shop of an inventory-sync group: the inventory_levels/update echo of that
-- write is recognised here and not synchronised back to the other shops.
CREATE TABLE inventory_sync_expectations (
    shop_domain       text        NOT NULL,
    inventory_item_id bigint      NOT NULL,
    location_id       bigint      NOT NULL,
    quantity          integer     NOT NULL,
    writeback_id      text        NOT NULL,
    expires_at        timestamptz NOT NULL,
    PRIMARY KEY (shop_domain, inventory_item_id, location_id, quantity)
);
