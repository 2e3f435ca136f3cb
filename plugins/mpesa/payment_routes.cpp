#include "payment_routes.hpp"

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

HttpError badGateway(std::string detail) {
  return HttpError(502, "/problems/bad-gateway", "Bad Gateway", std::move(detail));
}

HttpError gatewayTimeout(std::string detail) {
  return HttpError(504, "/problems/gateway-timeout", "Gateway Timeout", std::move(detail));
}

}  // namespace

void PaymentRoutes::addTo(Router& router) {
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
       .idempotent = true,
       .scope = "payments:write"});
  router.add({.method = "GET",
              .path = "/api/payments/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Payments (own; staff: all)",
              .response = &orders::paymentShape(),
              .list = true,
              .query = &paymentQueryShape(),
              .scope = "payments:read"});
  router.add({.method = "GET",
              .path = "/api/payments/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One payment",
              .response = &orders::paymentShape(),
              .scope = "payments:read"});
}

Response PaymentRoutes::pay(Request& request) {
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

Response PaymentRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const PaymentQuery query = paymentQueryShape().query(request);
  const Principal& caller = request.caller();
  PaymentFilter filter{
      .orderId = query.orderId, .customerId = std::nullopt, .status = query.status};
  if (!caller.isStaff())
    filter.customerId = customers::customerIdOf(caller).value_or(-1);  // no profile: no payments
  return page.answer(request, orders::paymentShape(), payments_.list(filter, page));
}

Response PaymentRoutes::get(Request& request) {
  const auto found = payments_.find(request.idParam("id"));
  const Principal& caller = request.caller();
  if (!found || (!caller.isStaff() && customers::customerIdOf(caller) != found->customerId))
    throw notFound("No payment with that id.");
  return orders::paymentShape().answer(200, found->payment);
}

}  // namespace duka::mpesa
