-- Line items are written only by the order upsert, in its transaction, right after their order. The foreign key
-- checked each of them against orders once more and locked the order's row (FOR KEY SHARE): per line item, on the
-- hottest insert of every order. It goes; its ON DELETE CASCADE stays, as a trigger that fires on deletes only, so
-- that any delete of an order (orders/delete, an instance of the previous version during a rolling upgrade, an
-- operator's SQL) still takes its line items with it, in one statement per delete statement.
ALTER TABLE order_line_items DROP CONSTRAINT order_line_items_shop_domain_order_id_fkey;

CREATE FUNCTION delete_line_items_of_deleted_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM order_line_items li USING deleted_orders d
    WHERE li.shop_domain = d.shop_domain AND li.order_id = d.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER orders_delete_line_items AFTER DELETE ON orders
    REFERENCING OLD TABLE AS deleted_orders
    FOR EACH STATEMENT EXECUTE FUNCTION delete_line_items_of_deleted_orders();
