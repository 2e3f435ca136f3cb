#include "stk_pushes.hpp"

#include "status_queries.hpp"

namespace duka::mpesa {

namespace {

// kReservationMargin: a reserved push whose Daraja call has not ended this long after its
// timeout belongs to a server that died meanwhile; the next push fails it.
constexpr std::chrono::seconds kReservationMargin{60};

HttpError badGateway(std::string detail) {
  return HttpError(502, "/problems/bad-gateway", "Bad Gateway", std::move(detail));
}

HttpError gatewayTimeout(std::string detail) {
  return HttpError(504, "/problems/gateway-timeout", "Gateway Timeout", std::move(detail));
}

}  // namespace

orders::Payment StkPushes::push(const orders::Order& order, const std::string& phoneNumber,
                                const EventContext& context) {
  std::string phone = darajaPhone(phoneNumber);
  if (!phoneNumber.empty() && phone.empty())
    throw unprocessable(
        "Not a Kenyan mobile number.",
        {{"phone_number", {"is not a Kenyan mobile number (07XX XXX XXX, +2547...)"}}});
  if (order.status == orders::kCancelled)
    throw conflict("The order is cancelled; it takes no payment.", {{"status", {order.status}}});
  const std::int64_t shillings = shillingsToPay(order.totalMinor - order.paidTotalMinor);
  if (order.paymentStatus == orders::kPaid || shillings == 0)
    throw conflict("The order is paid already.", {{"payment_status", {order.paymentStatus}}});
  if (const std::string missing = settings_.missing(); !missing.empty())
    throw serviceUnavailable("M-Pesa is not configured: set [mpesa] " + missing + ".");
  if (phone.empty()) {
    const auto customer = db_.transact(
        context, [&](Transaction& tx) { return customers_->find(tx, order.customerId); });
    phone = customer ? darajaPhone(customer->phoneNumber) : "";
    if (phone.empty())
      throw unprocessable("The customer has no Kenyan mobile number; give phone_number.",
                          {{"phone_number", {"is required for this customer"}}});
  }

  // At most [mpesa] concurrency pushes wait on Daraja at once, so that a slow Daraja cannot
  // hold every worker.
  const PushSlot slot(slots_);
  if (!slot)
    throw serviceUnavailable("M-Pesa is busy with other payments; try again in a moment.")
        .withHeader("Retry-After", "5");
  // One push per order at a time: the reservation is written before Daraja is asked, and
  // the unique index on requested pushes refuses a second one, however many ask at once.
  MpesaPayment row;
  row.payment.orderId = order.id;
  row.payment.method = "mpesa";
  row.payment.amountMinor = shillings * 100;
  row.payment.phoneNumber = "+" + phone;
  row.customerId = order.customerId;
  const auto staleBefore =
      std::chrono::system_clock::now() - settings_.timeout - kReservationMargin;
  const bool reserved = db_.transact(
      context, [&](Transaction& tx) { return payments_.reserve(tx, row, rfc3339(staleBefore)); });
  if (!reserved)
    throw conflict(
        "An M-Pesa push for this order is waiting for the customer; it ends with their answer "
        "(or within a few minutes).",
        {{"payment_status", {order.paymentStatus}}});

  // The push, on this thread, outside any transaction, bounded by timeout_s.
  StkPushAccepted accepted;
  try {
    accepted = daraja_.push({order.id, shillings, phone});
  } catch (const DarajaError& e) {
    db_.write(context, [&](Transaction& tx) { payments_.dropReservation(tx, row.payment.id); });
    log_.warning("mpesa: push for order %?d: %s", order.id, std::string(e.what()));
    if (e.kind() == DarajaError::Kind::TimedOut)
      throw gatewayTimeout("Daraja did not answer in time; try again.");
    throw badGateway(e.what());
  }
  row.payment.checkoutRequestId = accepted.checkoutRequestId;
  row.merchantRequestId = accepted.merchantRequestId;
  db_.write(context, [&](Transaction& tx) {
    ledger_.requested(tx, row);
    StatusQueries::enqueue(tx, row.payment, settings_.queryAfter);
  });
  return row.payment;
}

}  // namespace duka::mpesa
