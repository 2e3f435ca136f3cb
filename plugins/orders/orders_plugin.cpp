// The orders plugin: orders placed by customers (or by staff for them), their state
// machine, idempotent creation, and the veto on deleting a customer with open orders.
//
//   [orders]
//   currency = KES
#include <duka/sdk.hpp>
#include <memory>

#include "idempotency_store.hpp"
#include "order_repository.hpp"
#include "order_routes.hpp"

namespace duka::orders {

struct OrdersSettings {
  std::string currency;
};

const SettingsOf<OrdersSettings> kSettings =
    SettingsOf<OrdersSettings>()
        .bind(Setting::text("currency", "KES", "ISO 4217 code shown on every order"),
              &OrdersSettings::currency)
        .rule([](const OrdersSettings& s) -> std::vector<SettingProblem> {
          const bool ok =
              s.currency.size() == 3 &&
              s.currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
          if (!ok)
            return {{"currency", "must be three capital letters (ISO 4217), e.g. KES"}};
          return {};
        });

class OrdersPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "orders",
            .version = "1.0.0",
            .description = "Orders, their state machine and stock reservations",
            .requiredPlugins = {"customers", "inventory", "audit"}};
  }

  const SettingsSpec& settings() const override { return kSettings; }

  std::vector<Migration> migrations() const override {
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
                        "CREATE TABLE orders_idempotency ("
                        " subject TEXT NOT NULL,"
                        " idem_key TEXT NOT NULL,"
                        " request_hash TEXT NOT NULL,"
                        " state TEXT NOT NULL,"
                        " status INTEGER NOT NULL,"
                        " body TEXT NOT NULL,"
                        " created_unix BIGINT NOT NULL,"
                        " PRIMARY KEY (subject, idem_key))"},
         .postgresql = {}},
        // SQLite: orders and their lines, rebuilt without AUTOINCREMENT (which reads and
        // writes sqlite_sequence on every insert) and with the status CHECK spelled as ORs
        // (an IN list builds a temporary index on every insert). Orders are never deleted,
        // so rowids are never reused all the same. The lines are renamed first, so that
        // their foreign key follows the old orders table and both old tables can go.
        {.version = 2,
         .description = "orders and lines without AUTOINCREMENT (SQLite)",
         .statements = {"ALTER TABLE orders_lines RENAME TO orders_lines_v1",
                        "ALTER TABLE orders_orders RENAME TO orders_orders_v1",
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
                        "INSERT INTO orders_orders (id, customer_id, status, total_minor, "
                        "currency, note, created_at, updated_at) SELECT id, customer_id, "
                        "status, total_minor, currency, note, created_at, updated_at "
                        "FROM orders_orders_v1",
                        lines,
                        "INSERT INTO orders_lines (order_id, position, inventory_id, name, "
                        "quantity, unit_price_minor) SELECT order_id, position, inventory_id, "
                        "name, quantity, unit_price_minor FROM orders_lines_v1",
                        "DROP TABLE orders_lines_v1", "DROP TABLE orders_orders_v1",
                        "CREATE INDEX orders_orders_customer ON orders_orders (customer_id)"},
         // PostgreSQL's BIGSERIAL costs nothing per insert; only the rule is written down.
         .postgresql = {"COMMENT ON TABLE orders_orders IS "
                        "'Orders are never deleted: an id is never reused.'"}}};
  }

  void start(PluginContext& context) override {
    orders_ = std::make_unique<OrderRepository>(context.db());
    idempotency_ = std::make_unique<IdempotencyStore>(context.db());
    auto& services = context.services();
    routes_ = std::make_unique<OrderRoutes>(
        context.db(), *orders_, *idempotency_,
        services.require<customers::CustomerDirectory>(customers::kCustomerDirectoryService),
        services.require<inventory::InventoryCatalog>(inventory::kInventoryCatalogService),
        services.require<audit::AuditTrail>(audit::kAuditTrailService),
        kSettings.read(context.settings()).currency);
    routes_->addTo(context.routes());
    // customers knows nothing of orders: this veto keeps a customer with open orders.
    context.events().subscribe(
        customers::kCustomerDeleted, [this](const Event& event, Transaction& tx) {
          if (orders_->hasOpenOrders(tx, customers::customerShape().view(event.payload).id))
            throw conflict("The customer has open orders; cancel or fulfil them first.");
        });
  }

 private:
  std::unique_ptr<OrderRepository> orders_;
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<OrderRoutes> routes_;
};

}  // namespace duka::orders

DUKA_PLUGIN(duka::orders::OrdersPlugin)
