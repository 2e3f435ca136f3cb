// The orders plugin: orders placed by customers (or by staff for them), their state
// machine, idempotent creation, the veto on deleting a customer with open orders, the
// payments applied to them (payment.succeeded) and the expiry of unpaid pending orders.
//
//   [orders]
//   currency = KES
//   expire_pending_after_min = 0   ; 0: never
#include <duka/plugins/orders/order_book.hpp>
#include <duka/plugins/orders/order_desk.hpp>
#include <duka/plugins/orders/payment.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "order_expiry.hpp"
#include "order_repository.hpp"
#include "order_routes.hpp"
#include "orders_migrations.hpp"

namespace duka::orders {

struct OrdersSettings {
  std::string currency;
  int expireAfterMin = 0;
};

const Settings<OrdersSettings> kSettings =
    Settings<OrdersSettings>()
        .bind(Setting::text("currency", "KES", "ISO 4217 code shown on every order"),
              &OrdersSettings::currency)
        .bind(Setting::integer("expire_pending_after_min", 0, 0, 525600,
                               "0: never; else a pending, unpaid order older than this is "
                               "cancelled (reason \"expired\") and its stock released"),
              &OrdersSettings::expireAfterMin)
        .rule([](const OrdersSettings& s) -> std::vector<SettingProblem> {
          const bool ok =
              s.currency.size() == 3 &&
              s.currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
          if (!ok)
            return {{"currency", "must be three capital letters (ISO 4217), e.g. KES"}};
          return {};
        });

class Book : public OrderBook {
 public:
  Book(OrderRepository& orders, std::string currency)
      : orders_(orders), currency_(std::move(currency)) {}
  std::optional<Order> find(std::int64_t id) const override { return orders_.find(id); }
  std::optional<Order> find(Transaction& tx, std::int64_t id) const override {
    return orders_.find(tx, id);
  }
  std::optional<Order> findForUpdate(Transaction& tx, std::int64_t id) const override {
    return orders_.findForUpdate(tx, id);
  }
  const std::string& currency() const override { return currency_; }

 private:
  OrderRepository& orders_;
  std::string currency_;
};

class Desk : public OrderDesk {
 public:
  Desk(OrderRepository& orders, OrderPlacement& placement)
      : orders_(orders), placement_(placement) {}
  Order place(Transaction& tx, std::int64_t customerId,
              const std::vector<OrderRequestLine>& lines) override {
    return placement_.place(tx, customerId, lines, "");
  }
  Order cancel(Transaction& tx, std::int64_t orderId, std::int64_t customerId) override {
    return placement_.move(tx, orderId, *transitionFor("cancel"), false, customerId);
  }
  std::vector<Order> latest(SqlSession& session, std::int64_t customerId, int limit,
                            bool payable) const override {
    return orders_.latest(session, customerId, limit, payable);
  }

 private:
  OrderRepository& orders_;
  OrderPlacement& placement_;
};

class OrdersPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "orders",
            .version = "1.0.0",
            .description = "Orders, their state machine and stock reservations",
            .requiredPlugins = {"customers", "inventory", "audit"}};
  }

  const SettingsDeclaration& settings() const override { return kSettings; }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    const OrdersSettings settings = kSettings.read(context.section());
    orders_ = std::make_unique<OrderRepository>(context.db());
    auto& services = context.services();
    placement_ = std::make_unique<OrderPlacement>(
        *orders_,
        services.require<customers::CustomerDirectory>(customers::kCustomerDirectoryService),
        services.require<inventory::InventoryCatalog>(inventory::kInventoryCatalogService),
        settings.currency);
    routes_ = std::make_unique<OrderRoutes>(
        context.db(), *orders_, *placement_,
        services.require<audit::AuditTrail>(audit::kAuditTrailService));
    routes_->addTo(context.routes());
    // customers knows nothing of orders: this veto keeps a customer with open orders.
    context.events().subscribe(
        customers::kCustomerDeleted, [this](const customers::Customer& customer, Transaction& tx) {
          if (orders_->hasOpenOrders(tx, customer.id))
            throw conflict("The customer has open orders; cancel or fulfil them first.");
        });
    services.provide<OrderBook>(kOrderBookService,
                                std::make_shared<Book>(*orders_, settings.currency));
    services.provide<OrderDesk>(kOrderDeskService, std::make_shared<Desk>(*orders_, *placement_));
    // A payment plugin's money, in its transaction: paid_total, payment_status, order.paid.
    context.events().subscribe(
        kPaymentSucceeded, [this, &log = context.log()](const Payment& payment, Transaction& tx) {
          if (!payment.orderId)
            throw std::invalid_argument("payment.succeeded without an order");
          const Order order = orders_->addPayment(tx, *payment.orderId, payment.amountMinor);
          if (order.status == kCancelled) {
            log.warning(
                "orders: payment %?d (%s) of order %?d arrived after it was cancelled: "
                "refund it",
                payment.id, payment.receipt, order.id);
            return;
          }
          // order.paid once: when this payment took paid_total to the total.
          if (order.paidTotalMinor >= order.totalMinor &&
              order.paidTotalMinor - payment.amountMinor < order.totalMinor)
            tx.publish(kOrderPaid, order);
        });
    if (settings.expireAfterMin > 0) {
      expiry_ = std::make_unique<OrderExpiry>(
          context.db(), *orders_, std::chrono::minutes(settings.expireAfterMin), context.log());
      // The host's tasks begin once every plugin (inventory, sms) subscribed to its events.
      context.every(OrderExpiry::kInterval, "expire",
                    [this, &log = context.log()](std::stop_token stop) {
                      if (const int cancelled = expiry_->sweep(stop))
                        log.information("orders: %d unpaid pending orders expired", cancelled);
                    });
    }
  }

 private:
  std::unique_ptr<OrderRepository> orders_;
  std::unique_ptr<OrderPlacement> placement_;
  std::unique_ptr<OrderRoutes> routes_;
  std::unique_ptr<OrderExpiry> expiry_;
};

}  // namespace duka::orders

DUKA_PLUGIN(duka::orders::OrdersPlugin)
