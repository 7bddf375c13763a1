-- Line items are written only by the order upsert, in its transaction, right after their order, and deleted with it
-- (orders/delete, shop erasure): the foreign key checked each of them against orders once more, a per-row lookup
-- that cost about a quarter of the line-item insert on the hot path of every order.
ALTER TABLE order_line_items DROP CONSTRAINT order_line_items_shop_domain_order_id_fkey;
