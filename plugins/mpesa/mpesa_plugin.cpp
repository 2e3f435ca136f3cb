// The mpesa plugin: M-Pesa payments of orders through Safaricom's Daraja API (SPEC 9): the
// STK push, its callback and status query, and C2B payments to the paybill. A payment's
// money reaches the order through payment.succeeded (duka/plugins/orders/payment.hpp), in
// the transaction that records it. See docs/design/payments.md.
//
//   [mpesa]
//   environment = sandbox
//   consumer_key = ${system.env.MPESA_CONSUMER_KEY}
//   consumer_secret = ${system.env.MPESA_CONSUMER_SECRET}
//   shortcode = 174379
//   passkey = ${system.env.MPESA_PASSKEY}
//   callback_base_url = https://shop.example.co.ke
//   callback_token = ${system.env.MPESA_CALLBACK_TOKEN}
#include <duka/outbox.hpp>
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "daraja_client.hpp"
#include "mpesa_migrations.hpp"
#include "mpesa_routes.hpp"
#include "mpesa_settings.hpp"
#include "payment_ledger.hpp"
#include "payment_repository.hpp"
#include "status_queries.hpp"

namespace duka::mpesa {

class MpesaPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "mpesa",
            .version = "1.0.0",
            .description = "M-Pesa payments of orders (Daraja STK push, status query, C2B)",
            .requiredPlugins = {"customers", "orders"}};
  }

  const SettingsSpec& settings() const override { return mpesaSettings(); }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    settings_ = MpesaSettings::from(context.settings());
    payments_ = std::make_unique<PaymentRepository>(context.db());
    ledger_ = std::make_unique<PaymentLedger>(*payments_, context.log());
    daraja_ = std::make_unique<DarajaClient>(settings_);
    queries_ = std::make_unique<StatusQueries>(context.db(), *payments_, *ledger_, *daraja_,
                                               context.log());
    runner_ = std::make_unique<OutboxRunner>(context.db(), statusQuerySpec(settings_), *queries_,
                                             context.metrics(), context.log());
    idempotency_ = std::make_unique<IdempotencyStore>(context.db(), "mpesa_idempotency");
    auto& services = context.services();
    routes_ = std::make_unique<MpesaRoutes>(
        context.db(), *payments_, *ledger_, *daraja_, *runner_, *idempotency_,
        services.require<orders::OrderBook>(orders::kOrderBookService),
        services.require<customers::CustomerDirectory>(customers::kCustomerDirectoryService),
        settings_, context.log());
    routes_->addTo(context.routes());
    if (const std::string missing = settings_.missing(); !missing.empty())
      context.log().warning("mpesa: payments are off until [mpesa] %s are set", missing);
  }

  void started(PluginContext&) override { runner_->start(); }

  void stop() override {
    if (runner_)
      runner_->stop();
  }

 private:
  MpesaSettings settings_;
  std::unique_ptr<PaymentRepository> payments_;
  std::unique_ptr<PaymentLedger> ledger_;
  std::unique_ptr<DarajaClient> daraja_;
  std::unique_ptr<StatusQueries> queries_;
  std::unique_ptr<OutboxRunner> runner_;
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<MpesaRoutes> routes_;
};

}  // namespace duka::mpesa

DUKA_PLUGIN(duka::mpesa::MpesaPlugin)
