#include "daraja_callbacks.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <algorithm>
#include <duka/facility/money.hpp>

#include "daraja_client.hpp"
#include "daraja_messages.hpp"
#include "status_queries.hpp"

namespace duka::mpesa {

namespace {

// darajaAnswer is the body Daraja expects back: {"ResultCode": 0 (STK) or "0" (C2B), ...}.
Response darajaAnswer(const Poco::Dynamic::Var& resultCode, const std::string& desc) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("ResultCode", resultCode);
  body->set("ResultDesc", desc);
  return Response::json(200, body);
}

}  // namespace

void DarajaCallbacks::addTo(Router& router) {
  const std::vector<std::pair<int, std::string>> wrongToken = {
      {404, "The token in the path is not this duka's"}};
  router.add({.method = "POST",
              .path = "/api/payments/stk/callback/{token}/",
              .access = Access::Public,
              .handler = [this](Request& r) { return stkCallback(r); },
              .summary = "Daraja's STK push result (answers {\"ResultCode\":0,...})",
              .problems = wrongToken,
              .secretPath = true});
  router.add({.method = "POST",
              .path = "/api/payments/c2b/{token}/validation/",
              .access = Access::Public,
              .handler = [this](Request& r) { return c2bValidation(r); },
              .summary = "Daraja's C2B validation: accepts an open, unpaid order's account number",
              .problems = wrongToken,
              .secretPath = true});
  router.add({.method = "POST",
              .path = "/api/payments/c2b/{token}/confirmation/",
              .access = Access::Public,
              .handler = [this](Request& r) { return c2bConfirmation(r); },
              .summary = "Daraja's C2B confirmation: records the payment",
              .problems = wrongToken,
              .secretPath = true});
}

void DarajaCallbacks::checkToken(const Request& request) const {
  if (settings_.callbackToken.empty() ||
      !sameSecret(request.pathParam("token"), settings_.callbackToken))
    throw notFound();
}

Response DarajaCallbacks::stkCallback(Request& request) {
  checkToken(request);
  const StkCallbackMessage message = readStkCallback(request.json());
  if (message.checkoutRequestId.empty())
    throw badRequest("Not an STK callback: Body.stkCallback.CheckoutRequestID is missing.");
  const std::string &checkoutId = message.checkoutRequestId, &code = message.resultCode,
                    &desc = message.resultDesc, &receipt = message.receipt;
  const std::int64_t amountMinor = message.amountMinor;
  db_.write(EventContext::system("mpesa.callback"), [&](Transaction& tx) {
    auto payment = payments_.findByCheckout(tx, checkoutId);
    if (!payment) {
      // A push whose payment row was never written (the database failed right after Daraja
      // accepted it), or another system's: money, if any, for staff to place by hand.
      if (code == "0")
        log_.error(
            "mpesa: a successful callback (receipt %s, %?d cents) for CheckoutRequestID "
            "%s, which no payment has: reconcile it by hand",
            receipt, amountMinor, checkoutId);
      else
        log_.warning("mpesa: a callback for CheckoutRequestID %s, which no payment has",
                     checkoutId);
      return;
    }
    if (code != "0") {
      ledger_.failed(tx, *payment, code, desc);
      return;
    }
    const std::int64_t reported = std::max<std::int64_t>(amountMinor, 0);
    if (payment->payment.status == orders::kPaymentStatusFailed) {
      // Daraja said it failed, and now that it succeeded: neither is believed alone.
      const std::string why = "a success callback (receipt " + receipt + ", " +
                              formatMoney(reported) + ") came after the payment failed";
      payments_.flag(tx, payment->payment.id, why);
      log_.error("mpesa: payment %?d of order %?d: %s: reconcile it by hand", payment->payment.id,
                 payment->payment.orderId.value_or(0), why);
      return;
    }
    if (settings_.confirmCallbacks) {
      // The status query decides; the callback's receipt and amount wait for it.
      payments_.holdCallback(tx, payment->payment.id, receipt, reported, desc);
      StatusQueries::queryNow(tx, payment->payment);
      queries_.queued(tx);
      return;
    }
    ledger_.succeeded(tx, *payment, receipt, reported, code, desc);
  });
  return darajaAnswer(0, "Accepted");
}

std::optional<orders::Order> DarajaCallbacks::payable(const std::string& billRefNumber) const {
  const std::int64_t id = orderOfAccount(billRefNumber);
  auto order = id ? orders_->find(id) : std::nullopt;
  if (!order || order->status == orders::kCancelled || order->paymentStatus == orders::kPaid)
    return std::nullopt;
  return order;
}

bool DarajaCallbacks::ours(const C2bMessage& message, const char* step) const {
  const std::string& shortcode = message.shortcode;
  if (shortcode == settings_.shortcode || shortcode == settings_.partyB())
    return true;
  log_.warning(
      "mpesa: a C2B %s for BusinessShortCode '%s', which is not [mpesa] shortcode: refused",
      std::string(step), shortcode.substr(0, 32));
  return false;
}

Response DarajaCallbacks::c2bValidation(Request& request) {
  checkToken(request);
  const C2bMessage message = readC2b(request.json());
  if (!ours(message, "validation") || !payable(message.account) || message.amountMinor <= 0)
    return darajaAnswer(std::string("C2B00012"), "Rejected");
  return darajaAnswer(std::string("0"), "Accepted");
}

Response DarajaCallbacks::c2bConfirmation(Request& request) {
  checkToken(request);
  const C2bMessage message = readC2b(request.json());
  const std::string &transId = message.transId, &account = message.account;
  const std::int64_t amount = message.amountMinor;
  if (transId.empty() || amount <= 0)
    throw badRequest("Not a C2B confirmation: TransID and TransAmount are required.");
  if (!ours(message, "confirmation"))
    return darajaAnswer(std::string("C2B00012"), "Rejected");
  MpesaPayment row;
  row.payment.method = "mpesa";
  row.payment.receipt = transId.substr(0, 64);
  row.payment.resultCode = "0";
  row.payment.resultDesc = "C2B " + message.transactionType;
  row.reportedAmountMinor = amount;
  row.payment.phoneNumber = message.phoneNumber;
  const std::int64_t orderId = orderOfAccount(account);
  db_.write(EventContext::system("mpesa.c2b"), [&](Transaction& tx) {
    ledger_.paidDirectly(tx, row, [&](MpesaPayment& payment) -> std::int64_t {
      // Decided under the order's lock: what is unpaid now is what may count.
      const auto order = orderId ? orders_->findForUpdate(tx, orderId) : std::nullopt;
      const std::string named = "account '" + account.substr(0, 32) + "'";
      std::int64_t unpaid = 0;
      if (!order)
        payment.payment.reconciliation = named + " names no order";
      else if (order->status == orders::kCancelled)
        payment.payment.reconciliation = named + ": order " + std::to_string(order->id) +
                                         " is cancelled; refund " + formatMoney(amount);
      else if ((unpaid = order->totalMinor - order->paidTotalMinor) <= 0)
        payment.payment.reconciliation = named + ": order " + std::to_string(order->id) +
                                         " is paid already; refund " + formatMoney(amount);
      if (payment.payment.reconciliation.empty()) {
        payment.payment.orderId = order->id;
        payment.customerId = order->customerId;
      }
      return unpaid;
    });
  });
  return darajaAnswer(std::string("0"), "Accepted");
}

}  // namespace duka::mpesa
