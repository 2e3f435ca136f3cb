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

#include <duka/facility/outbox.hpp>
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/orders/order.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "daraja_callbacks.hpp"
#include "daraja_client.hpp"
#include "mpesa_migrations.hpp"
#include "mpesa_settings.hpp"
#include "payment_ledger.hpp"
#include "payment_repository.hpp"
#include "payment_routes.hpp"
#include "status_queries.hpp"
#include "stk_pushes.hpp"

namespace duka::mpesa {

// kPushAnswerMargin: past query_after_s, how long a push may still wait for the customer's
// answer before its order may expire.
constexpr std::chrono::seconds kPushAnswerMargin{120};

class MpesaPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "mpesa",
            .version = "1.0.0",
            .description = "M-Pesa payments of orders (Daraja STK push, status query, C2B)",
            .requiredPlugins = {"customers", "orders"}};
  }

  const SettingsDeclaration& settings() const override { return mpesaSettings(); }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    settings_ = MpesaSettings::from(context.section());
    payments_ = std::make_unique<PaymentRepository>(context.db());
    ledger_ = std::make_unique<PaymentLedger>(*payments_, context.log());
    daraja_ = std::make_unique<DarajaClient>(settings_);
    Outbox& queries =
        context.outbox(statusQuerySpec(settings_),
                       std::make_shared<StatusQueries>(context.db(), *payments_, *ledger_, *daraja_,
                                                       context.log()));
    auto& services = context.services();
    const auto book = services.require<orders::OrderBook>(orders::kOrderBookService);
    // M-Pesa moves Kenyan shillings: an order in another currency would be paid as if its
    // amount were shillings.
    if (book->currency() != "KES")
      throw std::runtime_error("mpesa takes Kenyan shillings only, and [orders] currency is '" +
                               book->currency() + "': set it to KES or disable mpesa");
    const auto customers =
        services.require<customers::CustomerDirectory>(customers::kCustomerDirectoryService);
    pushes_ = std::make_shared<StkPushes>(context.db(), *payments_, *ledger_, *daraja_, customers,
                                          settings_, context.log());
    services.provide<PaymentPushes>(kPaymentPushesService, pushes_);
    routes_ = std::make_unique<PaymentRoutes>(context.db(), *payments_, *ledger_, *pushes_, book,
                                              customers);
    routes_->addTo(context.routes());
    callbacks_ = std::make_unique<DarajaCallbacks>(context.db(), *payments_, *ledger_, queries,
                                                   book, settings_, context.log());
    callbacks_->addTo(context.routes());
    // An unpaid order does not expire while its push waits for the customer (a PIN prompt,
    // then Daraja's callback or status query): the veto keeps it until the next pass.
    const auto waitLimit = settings_.queryAfter + kPushAnswerMargin;
    context.events().subscribe(
        orders::kOrderCancelled,
        [this, waitLimit](const orders::OrderCancelled& cancelled, Transaction& tx) {
          if (cancelled.reason != orders::kExpired)
            return;
          if (payments_->pushWaiting(tx, cancelled.order.id,
                                     rfc3339(std::chrono::system_clock::now() - waitLimit)))
            throw conflict("An M-Pesa push for the order waits for the customer.");
        });
    if (const std::string missing = settings_.missing(); !missing.empty())
      context.log().warning("mpesa: payments are off until [mpesa] %s are set", missing);
  }

 private:
  MpesaSettings settings_;
  std::unique_ptr<PaymentRepository> payments_;
  std::unique_ptr<PaymentLedger> ledger_;
  std::unique_ptr<DarajaClient> daraja_;
  std::shared_ptr<StkPushes> pushes_;
  std::unique_ptr<PaymentRoutes> routes_;
  std::unique_ptr<DarajaCallbacks> callbacks_;
};

}  // namespace duka::mpesa

DUKA_PLUGIN(duka::mpesa::MpesaPlugin)
