// SmsCommands: what customers text to the shop's number (SPEC 12). Africa's Talking posts each
// incoming message to POST /api/sms/inbound/{inbound_token}/ (public; a wrong token, or none
// set, is 404). The first word, any case, is the command:
//   STOP            the number's customer gets no SMS from duka until START
//                   (customer.sms_opted_out)
//   START           SMS again (customer.sms_opted_in)
//   STATUS [id]     the latest, or the named, order of the number's customer: status, total,
//                   payment status
//   anything else   a one-line help
// The reply goes through the outbox in the same transaction as the change; a message id seen
// before is ignored (Africa's Talking retries), so nothing is done or answered twice.
#pragma once

#include <duka/facility/outbox.hpp>
#include <duka/plugins/customers/customer_registry.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/plugins/orders/order_desk.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "outbox_repository.hpp"
#include "sms_settings.hpp"

namespace duka::sms {

class SmsCommands {
 public:
  SmsCommands(Database& db, OutboxRepository& rows, Outbox& outbox,
              std::shared_ptr<customers::CustomerRegistry> customers,
              std::shared_ptr<orders::OrderDesk> desk, std::shared_ptr<orders::OrderBook> book,
              const SmsSettings& settings)
      : db_(db),
        rows_(rows),
        outbox_(outbox),
        customers_(std::move(customers)),
        desk_(std::move(desk)),
        book_(std::move(book)),
        settings_(settings) {}

  void addTo(Router& router);

  // answer carries out one message's command in tx and is the reply to send.
  std::string answer(Transaction& tx, const std::string& command, const std::string& argument,
                     const std::string& sender);

 private:
  Response inbound(Request& request);
  std::string status(Transaction& tx, const customers::Customer& customer,
                     const std::string& argument);

  Database& db_;
  OutboxRepository& rows_;
  Outbox& outbox_;
  std::shared_ptr<customers::CustomerRegistry> customers_;
  std::shared_ptr<orders::OrderDesk> desk_;
  std::shared_ptr<orders::OrderBook> book_;
  const SmsSettings& settings_;
};

// commandOf is a message's first word in capitals, and the rest trimmed.
std::pair<std::string, std::string> commandOf(const std::string& text);

}  // namespace duka::sms
