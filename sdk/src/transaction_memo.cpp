#include "duka/transaction_memo.hpp"

#include "duka/database.hpp"

namespace duka {

TransactionMemo::~TransactionMemo() = default;

TransactionMemo* memoOf(Transaction& tx) {
  return dynamic_cast<TransactionMemo*>(&tx);
}

}  // namespace duka
