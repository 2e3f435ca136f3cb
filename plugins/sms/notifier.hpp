// Notifier: the in-transaction subscribers that turn order and stock events into outbox
// rows: the customer's message for order.* and payment.succeeded, the staff alerts for
// inventory.low_stock and out_of_stock. The rows commit with the event or not at all.
#pragma once

#include <Poco/Logger.h>

#include <duka/events.hpp>
#include <duka/facility/outbox.hpp>
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <memory>

#include "message_templates.hpp"
#include "outbox_repository.hpp"
#include "sms_settings.hpp"

namespace duka::sms {

class Notifier {
 public:
  Notifier(OutboxRepository& rows, Outbox& outbox,
           std::shared_ptr<const customers::CustomerDirectory> customers,
           std::shared_ptr<const orders::OrderBook> orders, const SmsSettings& settings,
           Poco::Logger& log)
      : rows_(rows),
        outbox_(outbox),
        customers_(std::move(customers)),
        orders_(std::move(orders)),
        settings_(settings),
        log_(log) {}

  // subscribe registers one in-transaction subscriber per message kind.
  void subscribe(EventBus& events);
  void onEvent(const MessageKind& kind, const Event& event, Transaction& tx);

 private:
  void enqueue(Transaction& tx, const std::string& event, const std::string& recipient,
               const std::string& body);

  OutboxRepository& rows_;
  Outbox& outbox_;
  std::shared_ptr<const customers::CustomerDirectory> customers_;
  std::shared_ptr<const orders::OrderBook> orders_;
  const SmsSettings& settings_;
  Poco::Logger& log_;
};

}  // namespace duka::sms
