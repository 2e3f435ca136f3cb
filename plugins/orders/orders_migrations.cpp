#include "orders_migrations.hpp"

#include <duka/facility/table_rebuild.hpp>

namespace duka::orders {

std::vector<Migration> schema() {
  // The lines table of migration 1, created again by migration 2 after the orders table.
  const std::string lines =
      "CREATE TABLE orders_lines ("
      " order_id BIGINT NOT NULL REFERENCES orders_orders (id),"
      " position BIGINT NOT NULL,"
      " inventory_id BIGINT NOT NULL,"
      " name TEXT NOT NULL,"
      " quantity BIGINT NOT NULL CHECK (quantity > 0),"
      " unit_price_minor BIGINT NOT NULL,"
      " PRIMARY KEY (order_id, position))";
  // The Idempotency-Keys of migration 1, moved to the host's table by migration 5.
  const std::string keys =
      "CREATE TABLE orders_idempotency ("
      " subject TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL,"
      " state TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,"
      " created_unix BIGINT NOT NULL, PRIMARY KEY (subject, idem_key))";
  return {
      {.version = 1,
       .description = "orders, lines, idempotency keys",
       .statements = {"CREATE TABLE orders_orders ("
                      " id {{id}},"
                      " customer_id BIGINT NOT NULL,"
                      " status TEXT NOT NULL CHECK (status IN "
                      "('pending', 'approved', 'fulfilled', 'cancelled')),"
                      " total_minor BIGINT NOT NULL,"
                      " currency TEXT NOT NULL,"
                      " note TEXT NOT NULL,"
                      " created_at TEXT NOT NULL,"
                      " updated_at TEXT NOT NULL)",
                      "CREATE INDEX orders_orders_customer ON orders_orders (customer_id)", lines,
                      keys},
       .postgresql = {}},
      // SQLite: orders and their lines, rebuilt without AUTOINCREMENT (which reads and
      // writes sqlite_sequence on every insert) and with the status CHECK spelled as ORs
      // (an IN list builds a temporary index on every insert). Orders are never deleted, so
      // rowids are never reused all the same. The lines go first: their foreign key follows
      // the orders table's rename.
      {.version = 2,
       .description = "orders and lines without AUTOINCREMENT (SQLite)",
       .statements = rebuildTables(
           {{"orders_lines", lines,
             "order_id, position, inventory_id, name, quantity, unit_price_minor"},
            {"orders_orders",
             "CREATE TABLE orders_orders ("
             " id INTEGER PRIMARY KEY,"
             " customer_id BIGINT NOT NULL,"
             " status TEXT NOT NULL CHECK (status = 'pending' OR "
             "status = 'approved' OR status = 'fulfilled' OR status = 'cancelled'),"
             " total_minor BIGINT NOT NULL,"
             " currency TEXT NOT NULL,"
             " note TEXT NOT NULL,"
             " created_at TEXT NOT NULL,"
             " updated_at TEXT NOT NULL)",
             "id, customer_id, status, total_minor, currency, note, created_at, updated_at"}},
           {"CREATE INDEX orders_orders_customer ON orders_orders (customer_id)"}),
       // PostgreSQL's BIGSERIAL costs nothing per insert; only the rule is written down.
       .postgresql = {"COMMENT ON TABLE orders_orders IS "
                      "'Orders are never deleted: an id is never reused.'"}},
      // What payments brought (payment.succeeded): every existing order is unpaid.
      {.version = 3,
       .description = "orders: paid_total and payment_status",
       .statements = {"ALTER TABLE orders_orders ADD COLUMN paid_total_minor BIGINT NOT NULL "
                      "DEFAULT 0",
                      "ALTER TABLE orders_orders ADD COLUMN payment_status TEXT NOT NULL "
                      "DEFAULT 'unpaid'",
                      // The expiry's candidates: pending orders, oldest first.
                      "CREATE INDEX orders_orders_pending ON orders_orders (created_at) "
                      "WHERE status = 'pending'"},
       .postgresql = {}},
      // Idempotency-Keys older than a day are purged by their age.
      {.version = 4,
       .description = "orders: idempotency keys by age",
       .statements = {"CREATE INDEX orders_idempotency_created ON orders_idempotency "
                      "(created_unix)"},
       .postgresql = {}},
      // Idempotency-Key is the host's now (RouteSpec::idempotent): the keys of the last
      // day move to its table, so a retry across the upgrade still replays.
      {.version = 5,
       .description = "orders: idempotency keys moved to the host's table",
       .statements =
           {"INSERT INTO duka_idempotency_keys (subject, idem_key, request_hash, state, status, "
            "body, created_unix) SELECT subject, idem_key, request_hash, state, "
            "status, body, created_unix FROM orders_idempotency WHERE true ON CONFLICT DO "
            "NOTHING",
            "DROP TABLE orders_idempotency"},
       .postgresql = {}},
      // Sales by day over a year (the reports plugin): orders by creation time, each with
      // the sum of its lines' quantities, so that a day's units need no read of its lines.
      {.version = 6,
       .description = "orders: units, and orders by creation time",
       .statements = {"ALTER TABLE orders_orders ADD COLUMN units BIGINT NOT NULL DEFAULT 0",
                      "UPDATE orders_orders SET units = COALESCE((SELECT SUM(quantity) FROM "
                      "orders_lines WHERE orders_lines.order_id = orders_orders.id), 0)",
                      "CREATE INDEX orders_orders_created ON orders_orders (created_at)"},
       .postgresql = {}}};
}

}  // namespace duka::orders
