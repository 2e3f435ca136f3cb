#include "mpesa_routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <algorithm>
#include <duka/facility/money.hpp>
#include <duka/plugins/customers/phone_number.hpp>

#include "status_queries.hpp"

namespace duka::mpesa {

namespace {

// kReservationMargin: a reserved push whose Daraja call has not ended this long after its
// timeout belongs to a server that died meanwhile; the next push fails it.
constexpr std::chrono::seconds kReservationMargin{60};

struct PayRequest {
  std::string phoneNumber;
};

const Shape<PayRequest>& payRequestShape() {
  static const Shape<PayRequest> shape =
      Shape<PayRequest>("MpesaPayRequest", "An M-Pesa STK push for an order's unpaid amount")
          .field("phone_number", &PayRequest::phoneNumber,
                 {.description = "The Kenyan number to prompt; default: the customer's",
                  .minLength = 0,
                  .maxLength = 32});
  return shape;
}

struct PaymentQuery {
  std::optional<std::int64_t> orderId;
  std::string status;
};

const Shape<PaymentQuery>& paymentQueryShape() {
  static const Shape<PaymentQuery> shape =
      Shape<PaymentQuery>("PaymentQuery")
          .field("order_id", &PaymentQuery::orderId,
                 {.description = "Only this order's payments", .min = 1})
          .field("status", &PaymentQuery::status,
                 {.description = "Only payments in this status",
                  .choices = {orders::kPaymentStatusRequested, orders::kPaymentStatusSucceeded,
                              orders::kPaymentStatusFailed}});
  return shape;
}

// darajaAnswer is the body Daraja expects back: {"ResultCode": 0 (STK) or "0" (C2B), ...}.
Response darajaAnswer(const Poco::Dynamic::Var& resultCode, const std::string& desc) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("ResultCode", resultCode);
  body->set("ResultDesc", desc);
  return Response::json(200, body);
}

// minorOf reads Daraja's amount (shillings: 100, "100", "100.00") as minor units; -1 if not
// an amount.
std::int64_t minorOf(const std::string& amount) {
  return parseMoney(Poco::trim(amount)).value_or(-1);
}

HttpError badGateway(std::string detail) {
  return HttpError(502, "/problems/bad-gateway", "Bad Gateway", std::move(detail));
}

HttpError gatewayTimeout(std::string detail) {
  return HttpError(504, "/problems/gateway-timeout", "Gateway Timeout", std::move(detail));
}

}  // namespace

std::string darajaPhone(const std::string& number) {
  const auto e164 = customers::normalisePhoneNumber(number, "254");
  const bool kenyanMobile = e164 && e164->size() == 13 && e164->starts_with("+254") &&
                            ((*e164)[4] == '7' || (*e164)[4] == '1');
  return kenyanMobile ? e164->substr(1) : "";
}

std::int64_t orderOfAccount(const std::string& billRefNumber) {
  std::string account = Poco::toUpper(Poco::trim(billRefNumber));
  if (account.starts_with("ORDER"))
    account = Poco::trim(account.substr(5));
  if (account.empty() || account.size() > 18 ||
      account.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  const std::int64_t id = std::stoll(account);
  return id > 0 ? id : 0;
}

void MpesaRoutes::addTo(Router& router) {
  router.add(
      {.method = "POST",
       .path = "/api/orders/{id}/pay/mpesa/",
       .access = Access::Authenticated,
       .handler = [this](Request& r) { return pay(r); },
       .summary = "Ask the customer's phone to pay the order's unpaid amount (M-Pesa STK "
                  "push); the result arrives later",
       .request = &payRequestShape(),
       .response = &orders::paymentShape(),
       .problems = {{409,
                     "The order is cancelled or paid already, a push for it is waiting "
                     "for the customer, or the Idempotency-Key's first request still "
                     "runs"},
                    {422, "A rule is broken, or the Idempotency-Key came with another request"},
                    {502, "Daraja refused the push (the detail names its message)"},
                    {503, "M-Pesa is not configured, or busy with other pushes"},
                    {504, "Daraja did not answer in time"}},
       .successStatus = 202,
       .idempotent = true});
  router.add({.method = "GET",
              .path = "/api/payments/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Payments (own; staff: all)",
              .response = &orders::paymentShape(),
              .list = true,
              .query = &paymentQueryShape()});
  router.add({.method = "GET",
              .path = "/api/payments/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One payment",
              .response = &orders::paymentShape()});
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

void MpesaRoutes::checkToken(const Request& request) const {
  if (settings_.callbackToken.empty() ||
      !sameSecret(request.pathParam("token"), settings_.callbackToken))
    throw notFound();
}

Response MpesaRoutes::pay(Request& request) {
  const std::int64_t id = request.idParam("id");
  const Principal& caller = request.caller();
  auto order = orders_->find(id);
  if (!order || (!caller.isStaff() && customers::customerIdOf(caller) != order->customerId))
    throw notFound("No order with that id.");
  JsonBody body(request);
  PayRequest input;
  payRequestShape().read(body, input, Input::Create);
  std::string phone;
  if (!input.phoneNumber.empty()) {
    phone = darajaPhone(input.phoneNumber);
    if (phone.empty())
      body.ruleError("phone_number", "is not a Kenyan mobile number (07XX XXX XXX, +2547...)");
  }
  body.finish();
  if (order->status == orders::kCancelled)
    throw conflict("The order is cancelled; it takes no payment.", {{"status", {order->status}}});
  const std::int64_t shillings = shillingsToPay(order->totalMinor - order->paidTotalMinor);
  if (order->paymentStatus == orders::kPaid || shillings == 0)
    throw conflict("The order is paid already.", {{"payment_status", {order->paymentStatus}}});
  if (const std::string missing = settings_.missing(); !missing.empty())
    throw serviceUnavailable("M-Pesa is not configured: set [mpesa] " + missing + ".");
  if (phone.empty()) {
    const auto customer = db_.transact(EventContext::of(request), [&](Transaction& tx) {
      return customers_->find(tx, order->customerId);
    });
    phone = customer ? darajaPhone(customer->phoneNumber) : "";
    if (phone.empty())
      throw unprocessable("The customer has no Kenyan mobile number; give phone_number.",
                          {{"phone_number", {"is required for this customer"}}});
  }

  // At most [mpesa] concurrency pushes wait on Daraja at once, so that a slow Daraja cannot
  // hold every worker.
  const PushSlot slot(pushSlots_);
  if (!slot)
    throw serviceUnavailable("M-Pesa is busy with other payments; try again in a moment.")
        .withHeader("Retry-After", "5");
  // One push per order at a time: the reservation is written before Daraja is asked, and
  // the unique index on requested pushes refuses a second one, however many ask at once.
  MpesaPayment row;
  row.payment.orderId = order->id;
  row.payment.method = "mpesa";
  row.payment.amountMinor = shillings * 100;
  row.payment.phoneNumber = "+" + phone;
  row.customerId = order->customerId;
  const auto staleBefore =
      std::chrono::system_clock::now() - settings_.timeout - kReservationMargin;
  const bool reserved = db_.transact(EventContext::of(request), [&](Transaction& tx) {
    return payments_.reserve(tx, row, rfc3339(staleBefore));
  });
  if (!reserved)
    throw conflict(
        "An M-Pesa push for this order is waiting for the customer; it ends with their answer "
        "(or within a few minutes).",
        {{"payment_status", {order->paymentStatus}}});

  // The push, on this thread, outside any transaction, bounded by timeout_s.
  StkPushAccepted accepted;
  try {
    accepted = daraja_.push({order->id, shillings, phone});
  } catch (const DarajaError& e) {
    db_.write(EventContext::of(request),
              [&](Transaction& tx) { payments_.dropReservation(tx, row.payment.id); });
    log_.warning("mpesa: push for order %?d: %s", order->id, std::string(e.what()));
    if (e.kind() == DarajaError::Kind::TimedOut)
      throw gatewayTimeout("Daraja did not answer in time; try again.");
    throw badGateway(e.what());
  }
  row.payment.checkoutRequestId = accepted.checkoutRequestId;
  row.merchantRequestId = accepted.merchantRequestId;
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    ledger_.requested(tx, row);
    StatusQueries::enqueue(tx, row.payment, settings_.queryAfter);
  });
  return orders::paymentShape().answer(202, row.payment);
}

Response MpesaRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const PaymentQuery query = paymentQueryShape().query(request);
  const Principal& caller = request.caller();
  PaymentFilter filter{
      .orderId = query.orderId, .customerId = std::nullopt, .status = query.status};
  if (!caller.isStaff())
    filter.customerId = customers::customerIdOf(caller).value_or(-1);  // no profile: no payments
  return page.answer(request, orders::paymentShape(), payments_.list(filter, page));
}

Response MpesaRoutes::get(Request& request) {
  const auto found = payments_.find(request.idParam("id"));
  const Principal& caller = request.caller();
  if (!found || (!caller.isStaff() && customers::customerIdOf(caller) != found->customerId))
    throw notFound("No payment with that id.");
  return orders::paymentShape().answer(200, found->payment);
}

Response MpesaRoutes::stkCallback(Request& request) {
  checkToken(request);
  const auto json = request.json();
  const auto body = json->getObject("Body");
  const auto callback = body ? body->getObject("stkCallback") : nullptr;
  const std::string checkoutId = darajaField(callback, "CheckoutRequestID");
  if (checkoutId.empty())
    throw badRequest("Not an STK callback: Body.stkCallback.CheckoutRequestID is missing.");
  const std::string code = darajaField(callback, "ResultCode"),
                    desc = darajaField(callback, "ResultDesc");
  std::string receipt;
  std::int64_t amountMinor = -1;
  if (const auto metadata = callback->getObject("CallbackMetadata")) {
    if (const auto items = metadata->getArray("Item")) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        const auto item = items->getObject(static_cast<unsigned>(i));
        const std::string name = darajaField(item, "Name");
        if (name == "MpesaReceiptNumber")
          receipt = darajaField(item, "Value");
        else if (name == "Amount")
          amountMinor = minorOf(darajaField(item, "Value"));
      }
    }
  }
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

std::optional<orders::Order> MpesaRoutes::payable(const std::string& billRefNumber) const {
  const std::int64_t id = orderOfAccount(billRefNumber);
  auto order = id ? orders_->find(id) : std::nullopt;
  if (!order || order->status == orders::kCancelled || order->paymentStatus == orders::kPaid)
    return std::nullopt;
  return order;
}

bool MpesaRoutes::ours(const Poco::JSON::Object::Ptr& json, const char* step) const {
  const std::string shortcode = darajaField(json, "BusinessShortCode");
  if (shortcode == settings_.shortcode || shortcode == settings_.partyB())
    return true;
  log_.warning(
      "mpesa: a C2B %s for BusinessShortCode '%s', which is not [mpesa] shortcode: refused",
      std::string(step), shortcode.substr(0, 32));
  return false;
}

Response MpesaRoutes::c2bValidation(Request& request) {
  checkToken(request);
  const auto json = request.json();
  if (!ours(json, "validation") || !payable(darajaField(json, "BillRefNumber")) ||
      minorOf(darajaField(json, "TransAmount")) <= 0)
    return darajaAnswer(std::string("C2B00012"), "Rejected");
  return darajaAnswer(std::string("0"), "Accepted");
}

Response MpesaRoutes::c2bConfirmation(Request& request) {
  checkToken(request);
  const auto json = request.json();
  const std::string transId = darajaField(json, "TransID"),
                    account = darajaField(json, "BillRefNumber");
  const std::int64_t amount = minorOf(darajaField(json, "TransAmount"));
  if (transId.empty() || amount <= 0)
    throw badRequest("Not a C2B confirmation: TransID and TransAmount are required.");
  if (!ours(json, "confirmation"))
    return darajaAnswer(std::string("C2B00012"), "Rejected");
  MpesaPayment row;
  row.payment.method = "mpesa";
  row.payment.receipt = transId.substr(0, 64);
  row.payment.resultCode = "0";
  row.payment.resultDesc = "C2B " + darajaField(json, "TransactionType");
  row.reportedAmountMinor = amount;
  const std::string msisdn = darajaPhone(darajaField(json, "MSISDN"));
  row.payment.phoneNumber = msisdn.empty() ? "" : "+" + msisdn;
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
