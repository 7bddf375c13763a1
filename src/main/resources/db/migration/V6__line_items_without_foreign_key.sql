-- Line items are written only by the order upsert, in its transaction, right after their order, and deleted with it
-- (orders/delete, shop erasure). The foreign key checked each of them against orders once more and locked the
-- order's row (FOR KEY SHARE): per line item, on the hottest insert of every order.
ALTER TABLE order_line_items DROP CONSTRAINT order_line_items_shop_domain_order_id_fkey;
