#include "status_queries.hpp"

namespace duka::mpesa {

namespace {

enum Column { kPaymentId, kCheckoutId };

}  // namespace

OutboxSpec statusQuerySpec(const MpesaSettings& settings) {
  return {.name = "mpesa",
          .table = "mpesa_tasks",
          .keyColumn = "payment_id",
          .columns = {"payment_id", "checkout_request_id"},
          .doneStatus = "done",
          .concurrency = settings.concurrency,
          // Daraja answers "still processing" for a while after a push: about 5 s, doubling,
          // for up to an hour and a half.
          .maxAttempts = 12,
          .retryBase = std::chrono::seconds(5),
          .retryMax = std::chrono::seconds(900),
          .callTimeout = std::chrono::duration_cast<std::chrono::milliseconds>(settings.timeout)};
}

void StatusQueries::enqueue(Transaction& tx, const Payment& payment,
                            std::chrono::milliseconds after) {
  const std::string at = nowRfc3339();
  tx.run(
      "INSERT INTO mpesa_tasks (payment_id, checkout_request_id, status, next_attempt_ms, "
      "created_at, updated_at) VALUES ($1, $2, 'queued', $3, $4, $4)",
      {payment.id, payment.checkoutRequestId, outboxNowMs() + after.count(), at});
}

void StatusQueries::queryNow(Transaction& tx, const Payment& payment) {
  if (tx.run("UPDATE mpesa_tasks SET next_attempt_ms = $1, updated_at = $2 "
             "WHERE payment_id = $3 AND status = 'queued'",
             {outboxNowMs(), nowRfc3339(), payment.id}) == 0)
    enqueue(tx, payment, std::chrono::milliseconds(0));
}

Delivery StatusQueries::deliver(const OutboxRow& row) {
  const std::int64_t id = std::stoll(row.columns[kPaymentId]);
  const auto current = payments_.find(id);
  if (!current || current->payment.status != orders::kPaymentStatusRequested)
    return Delivery::done("settled before the query");
  StkResult result;
  try {
    result = daraja_.query(row.columns[kCheckoutId]);
  } catch (const DarajaError& e) {
    if (e.kind() == DarajaError::Kind::Refused)
      return Delivery::failed(e.what());
    return Delivery::retry(e.what());
  }
  // 4999: "The transaction is still under processing", as some Daraja versions answer it.
  if (result.resultCode == "4999")
    return Delivery::retry("ResultCode 4999: " + result.resultDesc);
  db_.write(EventContext::system("mpesa.query"), [&](Transaction& tx) {
    auto payment = payments_.find(tx, id);
    if (!payment)
      return;
    if (result.resultCode == "0") {
      // The callback's receipt and reported amount, when one came.
      ledger_.succeeded(tx, *payment, payment->callbackReceipt, payment->callbackAmountMinor,
                        result.resultCode, result.resultDesc);
    } else {
      ledger_.failed(tx, *payment, result.resultCode, result.resultDesc);
    }
  });
  return Delivery::done("ResultCode " + result.resultCode);
}

void StatusQueries::settled(const OutboxRow& row, const OutboxSettlement& settlement) {
  const Delivery& delivery = settlement.delivery;
  const std::string& payment = row.columns[kPaymentId];
  switch (delivery.outcome) {
    case Delivery::Outcome::Done:
      log_.information("mpesa: status query of payment %s: %s", payment, delivery.reference);
      return;
    case Delivery::Outcome::Failed: {
      log_.error("mpesa: status query of payment %s failed for good (%s); reconcile it by hand",
                 payment, delivery.error);
      // The push ends unknown: failed, so that the order can be asked again, and flagged.
      const std::int64_t id = std::stoll(payment);
      db_.write(EventContext::system("mpesa.query"), [&](Transaction& tx) {
        if (auto found = payments_.find(tx, id);
            found && ledger_.failed(tx, *found, "", "Daraja gave no result for this push"))
          payments_.flag(tx, id, "no result from Daraja: " + delivery.error.substr(0, 200));
      });
      return;
    }
    case Delivery::Outcome::Retry:
      log_.information("mpesa: status query of payment %s: %s; again in %?d ms", payment,
                       delivery.error, static_cast<std::int64_t>(settlement.retryIn.count()));
      return;
  }
}

}  // namespace duka::mpesa
