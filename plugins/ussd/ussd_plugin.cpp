// The ussd plugin (SPEC 12): a feature phone's customers order and pay through Africa's
// Talking's USSD gateway. This file only wires the pieces together
// (docs/design/feature-phones.md).
//
//   [ussd]
//   callback_token =      ; >= 16 characters: POST /api/ussd/{callback_token}/
//   shop_name = duka
//   page_size = 5
//   max_quantity = 20
//   self_registration = true
#include <duka/facility/optional_plugins.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "ussd_migrations.hpp"
#include "ussd_routes.hpp"
#include "ussd_settings.hpp"

namespace duka::ussd {

class UssdPlugin : public Plugin, public OptionalPlugins {
 public:
  PluginInfo info() const override {
    return {.name = "ussd",
            .version = "1.0.0",
            .description = "Ordering and paying from a feature phone (Africa's Talking USSD)",
            .requiredPlugins = {"customers", "inventory", "orders"}};
  }

  // mpesa, when enabled, takes the payments (an STK push to the caller's phone).
  std::vector<std::string> optionalPlugins() const override { return {"mpesa"}; }

  const SettingsDeclaration& settings() const override { return ussdSettings(); }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    settings_ = ussdSettings().read(context.section());
    auto& services = context.services();
    CounterParts parts{
        services.require<customers::CustomerRegistry>(customers::kCustomerRegistryService),
        services.require<inventory::InventoryShelf>(inventory::kInventoryShelfService),
        services.require<orders::OrderDesk>(orders::kOrderDeskService),
        services.require<orders::OrderBook>(orders::kOrderBookService),
        services.find<mpesa::PaymentPushes>(mpesa::kPaymentPushesService)};
    routes_ = std::make_unique<UssdRoutes>(context.db(), settings_, std::move(parts),
                                           context.metrics(), context.log());
    routes_->addTo(context.routes());
    if (settings_.callbackToken.empty())
      context.log().warning(
          "ussd: the USSD callback answers 404 until [ussd] callback_token is set");
  }

 private:
  UssdSettings settings_;
  std::unique_ptr<UssdRoutes> routes_;
};

}  // namespace duka::ussd

DUKA_PLUGIN(duka::ussd::UssdPlugin)
