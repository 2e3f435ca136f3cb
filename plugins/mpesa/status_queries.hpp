// StatusQueries: the mpesa_tasks outbox's courier, which the host's outbox runs. A task asks
// Daraja's status query about one push: query_after_s after a push that got no callback
// yet, and at once after a successful callback when confirm_callbacks is on. The answer
// settles the payment in its own transaction (PaymentLedger): ResultCode 0 succeeds it,
// another code fails it; "still processing" and 5xx are retried with backoff.
#pragma once

#include <Poco/Logger.h>

#include <duka/facility/outbox.hpp>

#include "daraja_client.hpp"
#include "payment_ledger.hpp"

namespace duka::mpesa {

class StatusQueries : public OutboxCourier {
 public:
  StatusQueries(Database& db, PaymentRepository& payments, PaymentLedger& ledger,
                DarajaClient& daraja, Poco::Logger& log)
      : db_(db), payments_(payments), ledger_(ledger), daraja_(daraja), log_(log) {}

  // enqueue asks for a status query of the payment, due after `after`, in tx.
  static void enqueue(Transaction& tx, const Payment& payment, std::chrono::milliseconds after);
  // queryNow makes the payment's waiting query due now (a callback came), or asks for one:
  // a payment's queries go one at a time, so a new one would wait behind the waiting one.
  static void queryNow(Transaction& tx, const Payment& payment);

  Delivery deliver(const OutboxRow& row) override;
  void settled(const OutboxRow& row, const OutboxSettlement& settlement) override;

 private:
  Database& db_;
  PaymentRepository& payments_;
  PaymentLedger& ledger_;
  DarajaClient& daraja_;
  Poco::Logger& log_;
};

// statusQuerySpec is mpesa_tasks as the host's outbox sees it: keyed by payment, the columns
// deliver reads (payment_id, checkout_request_id).
OutboxSpec statusQuerySpec(const MpesaSettings& settings);

}  // namespace duka::mpesa
