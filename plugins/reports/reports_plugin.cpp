// The reports plugin (SPEC 14): sales by day, item or customer, the stock report and the
// payments report with the unmatched receipts, as JSON or CSV. It only reads, through the
// tables the orders, inventory, customers and mpesa plugins publish (their *_rows.hpp), and
// owns no table (docs/design/back-office.md).
//
//   [reports]
//   timezone = Africa/Nairobi   ; the day an order counts on
#include <date/tz.h>

#include <duka/facility/optional_plugins.hpp>
#include <duka/plugins/mpesa/payment_pushes.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "report_routes.hpp"
#include "reports_settings.hpp"

namespace duka::reports {

class ReportsPlugin : public Plugin, public OptionalPlugins {
 public:
  PluginInfo info() const override {
    return {.name = "reports",
            .version = "1.0.0",
            .description = "Sales, stock and payments reports (JSON and CSV)",
            .requiredPlugins = {"orders", "inventory"}};
  }

  // customers (started before orders, which requires it) labels the sales by customer;
  // mpesa, when enabled, has the payments.
  std::vector<std::string> optionalPlugins() const override { return {"customers", "mpesa"}; }

  const SettingsDeclaration& settings() const override { return reportsSettings(); }

  void start(PluginContext& context) override {
    const ReportsSettings settings = reportsSettings().read(context.section());
    auto& services = context.services();
    const auto book = services.require<orders::OrderBook>(orders::kOrderBookService);
    const bool withMpesa =
        services.find<mpesa::PaymentPushes>(mpesa::kPaymentPushesService) != nullptr;
    routes_ = std::make_unique<ReportRoutes>(context.db(), *date::locate_zone(settings.timezone),
                                             book->currency(), withMpesa);
    routes_->addTo(context.routes());
  }

 private:
  std::unique_ptr<ReportRoutes> routes_;
};

}  // namespace duka::reports

DUKA_PLUGIN(duka::reports::ReportsPlugin)
