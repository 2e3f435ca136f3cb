#include "payment_routes.hpp"

#include "status_queries.hpp"

namespace duka::mpesa {

namespace {

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

struct MatchRequest {
  std::int64_t orderId = 0;
};

const Shape<MatchRequest>& matchRequestShape() {
  static const Shape<MatchRequest> shape =
      Shape<MatchRequest>("PaymentMatch", "The order an unmatched payment's money is for")
          .field(
              "order_id", &MatchRequest::orderId,
              {.description = "An open order with an unpaid amount", .required = true, .min = 1});
  return shape;
}

struct PaymentQuery {
  std::optional<std::int64_t> orderId;
  std::string status;
  bool unmatched = false;
};

const Shape<PaymentQuery>& paymentQueryShape() {
  static const Shape<PaymentQuery> shape =
      Shape<PaymentQuery>("PaymentQuery")
          .field("order_id", &PaymentQuery::orderId,
                 {.description = "Only this order's payments", .min = 1})
          .field("status", &PaymentQuery::status,
                 {.description = "Only payments in this status",
                  .choices = {orders::kPaymentStatusRequested, orders::kPaymentStatusSucceeded,
                              orders::kPaymentStatusFailed}})
          .field("unmatched", &PaymentQuery::unmatched,
                 {.description = "true: only money that named no payable order (succeeded, "
                                 "linked to no order), for staff to match"});
  return shape;
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
  router.add({.method = "POST",
              .path = "/api/payments/{id}/match/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return match(r); },
              .summary = "Link an unmatched payment (money that named no payable order) to an "
                         "order: it counts for the order as payment.succeeded",
              .request = &matchRequestShape(),
              .response = &orders::paymentShape(),
              .problems = {{409,
                            "The payment is linked to an order already, or the order is "
                            "cancelled or paid"},
                           {422, "No order has that order_id"}},
              .idempotent = true,
              .scope = "payments:write"});
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
  if (!input.phoneNumber.empty() && darajaPhone(input.phoneNumber).empty())
    body.ruleError("phone_number", "is not a Kenyan mobile number (07XX XXX XXX, +2547...)");
  body.finish();
  return orders::paymentShape().answer(
      202, pushes_.push(*order, input.phoneNumber, EventContext::of(request)));
}

Response PaymentRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const PaymentQuery query = paymentQueryShape().query(request);
  const Principal& caller = request.caller();
  PaymentFilter filter{.orderId = query.orderId,
                       .customerId = std::nullopt,
                       .status = query.status,
                       .unmatchedOnly = query.unmatched};
  if (!caller.isStaff())
    filter.customerId = customers::customerIdOf(caller).value_or(-1);  // no profile: no payments
  return page.answer(request, orders::paymentShape(), payments_.list(filter, page));
}

Response PaymentRoutes::match(Request& request) {
  const std::int64_t id = request.idParam("id");
  JsonBody body(request);
  MatchRequest input;
  matchRequestShape().read(body, input, Input::Create);
  body.finish();
  const auto linkedAlready = [](const MpesaPayment& row) {
    return conflict("The payment is linked to order " +
                    std::to_string(row.payment.orderId.value_or(0)) + " already.");
  };
  return db_.transact(EventContext::of(request), [&](Transaction& tx) {
    auto row = payments_.find(tx, id);
    if (!row)
      throw notFound("No payment with that id.");
    if (row->payment.orderId)
      throw linkedAlready(*row);
    // The order, locked: what is unpaid now is what may count. No other path locks a
    // payment linked to no order, so taking the order's lock before the payment's cannot
    // deadlock with a callback's (payment, then order).
    const auto order = orders_->findForUpdate(tx, input.orderId);
    if (!order) {
      body.ruleError("order_id", "names no order");
      body.finish();
    }
    if (order->status == orders::kCancelled)
      throw conflict("Order " + std::to_string(order->id) + " is cancelled.");
    if (order->totalMinor - order->paidTotalMinor <= 0)
      throw conflict("Order " + std::to_string(order->id) + " is paid already.");
    if (!ledger_.matched(tx, *row, *order))
      throw linkedAlready(payments_.find(tx, id).value_or(*row));  // by a match meanwhile
    return orders::paymentShape().answer(200, row->payment);
  });
}

Response PaymentRoutes::get(Request& request) {
  const auto found = payments_.find(request.idParam("id"));
  const Principal& caller = request.caller();
  if (!found || (!caller.isStaff() && customers::customerIdOf(caller) != found->customerId))
    throw notFound("No payment with that id.");
  return orders::paymentShape().answer(200, found->payment);
}

}  // namespace duka::mpesa
