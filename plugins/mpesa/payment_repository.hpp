// PaymentRepository: the mpesa_payments table (one row per STK push or C2B payment) and
// mpesa_receipts, whose primary key makes one M-Pesa receipt count once, whichever way it
// arrives. SQL lives here only; PaymentLedger decides what a result does.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/plugins/orders/payment.hpp>
#include <optional>
#include <string>

namespace duka::mpesa {

using orders::Payment;

// MpesaPayment is a payment with what only mpesa keeps: its customer (for access; none for
// money that named no order), the amount M-Pesa reported, and a callback's receipt and
// amount waiting for the status query to confirm them.
struct MpesaPayment {
  Payment payment;
  std::optional<std::int64_t> customerId;
  std::string merchantRequestId;
  std::int64_t reportedAmountMinor = 0;  // the callback's Amount, C2B's TransAmount
  std::string callbackReceipt;
  std::int64_t callbackAmountMinor = 0;
};

struct PaymentFilter {
  std::optional<std::int64_t> orderId;
  std::optional<std::int64_t> customerId;
  std::string status;
  bool unmatchedOnly = false;  // succeeded payments linked to no order
};

class PaymentRepository {
 public:
  explicit PaymentRepository(Database& db) : db_(db) {}

  // insert writes a new payment (succeeded, for C2B) and sets its id and times.
  void insert(Transaction& tx, MpesaPayment& row);
  // reserve writes a requested push before Daraja is asked (checkout_request_id still
  // NULL), and sets its id; false when the order has a requested push already: the unique
  // index on requested pushes decides, not a read. A reservation older than staleBefore
  // (its push never confirmed: the server died meanwhile) is failed first.
  bool reserve(Transaction& tx, MpesaPayment& row, const std::string& staleBefore);
  // confirmReservation gives the reserved push Daraja's ids.
  void confirmReservation(Transaction& tx, MpesaPayment& row);
  // dropReservation forgets a push Daraja did not take.
  void dropReservation(Transaction& tx, std::int64_t id);
  // pushWaiting: the order has a requested push made after since.
  bool pushWaiting(Transaction& tx, std::int64_t orderId, const std::string& since);
  std::optional<MpesaPayment> find(std::int64_t id);
  std::optional<MpesaPayment> find(Transaction& tx, std::int64_t id);
  std::optional<MpesaPayment> findByCheckout(Transaction& tx, const std::string& checkoutRequestId);
  Listing<Payment> list(const PaymentFilter& filter, const Page& page);

  // claimReceipt records that receipt belongs to payment; false when it was recorded
  // already (for this payment or another): the unique key decides, not a read.
  bool claimReceipt(Transaction& tx, const std::string& receipt, std::int64_t paymentId);
  // assignReceipt names the payment a receipt claimed before its payment existed counts for.
  void assignReceipt(Transaction& tx, const std::string& receipt, std::int64_t paymentId);
  // receiptOwner is the payment a recorded receipt counted for.
  std::int64_t receiptOwner(Transaction& tx, const std::string& receipt);
  // succeed moves a payment that has not succeeded yet to succeeded, counting amountMinor
  // of the reportedMinor M-Pesa reported; false when it had.
  bool succeed(Transaction& tx, MpesaPayment& row, const std::string& receipt,
               std::int64_t amountMinor, std::int64_t reportedMinor,
               const std::string& reconciliation, const std::string& code, const std::string& desc);
  // setReceipt fills in a succeeded payment's receipt that a status query could not give.
  void setReceipt(Transaction& tx, std::int64_t id, const std::string& receipt);
  // fail moves a requested payment to failed; false when it was not requested any more.
  bool fail(Transaction& tx, MpesaPayment& row, const std::string& code, const std::string& desc);
  // link puts an unmatched payment on an order, counting amountMinor of it, with
  // reconciliation (empty: nothing amiss); false when it was linked already (the UPDATE's
  // condition decides, under the row's lock, not a read).
  bool link(Transaction& tx, MpesaPayment& row, std::int64_t orderId, std::int64_t customerId,
            std::int64_t amountMinor, const std::string& reconciliation);
  // flag sets a payment's reconciliation: why staff must look at it by hand.
  void flag(Transaction& tx, std::int64_t id, const std::string& reconciliation);
  // holdCallback keeps a successful callback's receipt and amount until the query agrees.
  void holdCallback(Transaction& tx, std::int64_t id, const std::string& receipt,
                    std::int64_t amountMinor, const std::string& desc);

 private:
  Database& db_;
};

}  // namespace duka::mpesa
