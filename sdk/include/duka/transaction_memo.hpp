// duka/transaction_memo.hpp: a write transaction's scratch space for rows read through it,
// so that two plugins that need the same row in one transaction read it once (orders checks
// an order's customer, and sms reads it again to address the message). Since SDK 0.6.0.
//
//   if (auto kept = memoized<CustomerView>(tx, key))
//     return *kept;
//   CustomerView customer = ...read through tx...;
//   memoize(tx, key, customer);
//
// An entry lives as long as the transaction (on SQLite, as long as the writer's savepoint
// inside a shared commit), so it is never seen by another transaction. Keys start with the
// name of the plugin that owns the row ("customers.customer:42"). Only the plugin that owns
// a table memoises its rows, and it forgets (or replaces) an entry when it changes the row.
#pragma once

#include <memory>
#include <string_view>
#include <utility>

namespace duka {

class Transaction;

// TransactionMemo is implemented by the host's transactions (not by plugins).
class TransactionMemo {
 public:
  // entry is the value kept under key: empty until set.
  virtual std::shared_ptr<void>& entry(std::string_view key) = 0;

 protected:
  virtual ~TransactionMemo();
};

// memoOf is tx's memo, or nullptr when tx has none (e.g. a transaction a test built):
// then read again.
TransactionMemo* memoOf(Transaction& tx);

// memoized is the T kept under key in tx's memo, or nullptr.
template <class T>
std::shared_ptr<T> memoized(Transaction& tx, std::string_view key) {
  TransactionMemo* memo = memoOf(tx);
  return memo ? std::static_pointer_cast<T>(memo->entry(key)) : nullptr;
}

// memoize keeps value under key for the rest of tx.
template <class T>
void memoize(Transaction& tx, std::string_view key, T value) {
  if (TransactionMemo* memo = memoOf(tx))
    memo->entry(key) = std::make_shared<T>(std::move(value));
}

// forget drops the entry under key (after the row changed).
inline void forget(Transaction& tx, std::string_view key) {
  if (TransactionMemo* memo = memoOf(tx))
    memo->entry(key).reset();
}

}  // namespace duka
