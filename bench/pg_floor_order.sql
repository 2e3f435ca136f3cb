-- The statements of one duka order (POST /api/orders/, one item), as duka runs them on
-- PostgreSQL, in one transaction: bench/postgresql runs this with pgbench -M prepared on a
-- database of duka's schema, as the floor under duka's orders. :item is the ordered item.
BEGIN;
SELECT id, COALESCE(subject, ''), name, code, phone_number, COALESCE(email, ''), created_at, updated_at FROM customers_customers WHERE id = 1;
SELECT id, COALESCE(sku, ''), name, price_minor, on_hand, reserved, warn_limit, created_at, updated_at FROM inventory_items WHERE id = :item;
INSERT INTO orders_orders (customer_id, status, total_minor, currency, note, created_at, updated_at) VALUES (1, 'pending', 9950, 'KES', '', '2026-11-29T09:23:20Z', '2026-11-29T09:23:20Z') RETURNING id \gset order_
INSERT INTO orders_lines (order_id, position, inventory_id, name, quantity, unit_price_minor) VALUES (:order_id, 0, :item, 'Bench item', 1, 9950);
UPDATE inventory_items SET reserved = reserved + 1, updated_at = '2026-11-29T09:23:20Z' WHERE id = :item AND on_hand - reserved >= 1 RETURNING id, COALESCE(sku, ''), name, price_minor, on_hand, reserved, warn_limit, created_at, updated_at;
INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, data) VALUES ('2026-11-29T09:23:20Z', 'order.created', 'c1e86b77-c432-4ce2-8203-3c47bac64666', 'order', :order_id, '3b930f5d39e9c37be0043c7b506d0d3d', '{"created_at":"2026-11-29T09:23:20Z","currency":"KES","customer_id":1,"id":2,"items":[{"inventory_id":1,"line_total":"99.50","name":"Bench item 1","quantity":1,"unit_price":"99.50"}],"note":"","status":"pending","total":"99.50","updated_at":"2026-11-29T09:23:20Z"}') RETURNING id;
INSERT INTO sms_outbox (event, recipient, body, status, next_attempt_ms, created_at, updated_at) VALUES ('order.created', '+254700000000', 'Dear Bench Shopper, your order #2 has been placed.', 'queued', 1795944200923, '2026-11-29T09:23:20Z', '2026-11-29T09:23:20Z');
END;
