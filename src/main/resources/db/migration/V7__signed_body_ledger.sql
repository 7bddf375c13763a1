-- The trust boundary's memory. Shopify signs a webhook's body, not its headers, so the shop and topic a body is
-- applied under must come from where the body was first seen, not from whoever sends it next.

-- Where each signed body (SHA-256 of its exact bytes) was first seen. A body seen again under another shop, or
-- applied as a destructive topic other than the one it was first seen under, is recorded as 'forged' and changes
-- nothing. Legitimate repeats pass: Shopify's retries and fan-out copies (same shop and topic), and one body
-- delivered under several non-destructive topics (an order created already paid: orders/create, orders/paid and
-- orders/updated with identical bytes). Kept at least as long as the raw topics: a body that has left Kafka
-- cannot be read back to be re-sent.
CREATE TABLE delivery_bodies (
    digest        bytea       PRIMARY KEY,
    shop_domain   text        NOT NULL,
    topic         text        NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_bodies_shop ON delivery_bodies (shop_domain);

-- Fan-out: several subscriptions to one topic deliver the same event with one X-Shopify-Event-Id and different
-- webhook ids. The second copy conflicts here and is a duplicate. The key is topic, event id and (the first half
-- of) the body digest: one event causes orders/create and orders/paid alike, and whether one event that changes
-- several entities (one mutation, several inventory levels) shares an id on one topic is not documented, so only a
-- copy with the same bytes counts as the same delivery. A copy narrowed differently (include_fields) is applied and
-- then found stale by the entity's version. Rows written before this migration have no key and never conflict.
ALTER TABLE processed_deliveries ADD COLUMN event_key text;
CREATE UNIQUE INDEX processed_deliveries_event ON processed_deliveries (shop_domain, event_key);
