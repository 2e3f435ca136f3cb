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
#include "orders_migrations.hpp"

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

  std::vector<Migration> migrations() const override { return schema(); }

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
