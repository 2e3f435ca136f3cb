// The write transaction's memo (Transaction::memo) on both backends: a slot lives as long as
// its transaction, never reaches another one, and goes with a rolled-back write.
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "db_fixture.hpp"
#include "duka/database.hpp"

namespace duka::host {
namespace {

using TransactionMemoTest = BackendTest;

const EventContext kContext = EventContext::system("test");

// kept is the text in a slot, or "" when the slot is empty.
std::string kept(Transaction& tx, const std::string& key) {
  std::shared_ptr<void>* slot = tx.memo(key);
  return slot && *slot ? *std::static_pointer_cast<std::string>(*slot) : "";
}

TEST_P(TransactionMemoTest, KeepsASlotForTheRestOfItsTransaction) {
  db_->write(kContext, [](Transaction& tx) {
    ASSERT_NE(tx.memo("test.row:1"), nullptr);
    EXPECT_EQ(kept(tx, "test.row:1"), "");
    *tx.memo("test.row:1") = std::make_shared<std::string>("Zoë");
    *tx.memo("test.row:2") = std::make_shared<std::string>("Amani");
    EXPECT_EQ(kept(tx, "test.row:1"), "Zoë");
    EXPECT_EQ(kept(tx, "test.row:2"), "Amani");
    std::shared_ptr<void>* first = tx.memo("test.row:1");
    for (int i = 3; i < 40; ++i)  // more slots do not move the ones handed out
      *tx.memo("test.row:" + std::to_string(i)) = std::make_shared<std::string>("x");
    EXPECT_EQ(first, tx.memo("test.row:1"));
    tx.memo("test.row:1")->reset();
    EXPECT_EQ(kept(tx, "test.row:1"), "");
    EXPECT_EQ(kept(tx, "test.row:2"), "Amani");
  });
}

TEST_P(TransactionMemoTest, TheNextTransactionStartsEmpty) {
  db_->write(kContext,
             [](Transaction& tx) { *tx.memo("test.row:1") = std::make_shared<std::string>("7"); });
  db_->write(kContext, [](Transaction& tx) { EXPECT_EQ(kept(tx, "test.row:1"), ""); });
}

// Writers that share one SQLite commit each get a memo of their own, and a writer that
// throws (its savepoint rolled back) leaves nothing behind for the others.
TEST_P(TransactionMemoTest, ConcurrentWritersNeverSeeEachOthersEntries) {
  std::atomic<int> leaks{0}, vetoed{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 16; ++i) {
    writers.emplace_back([&, i] {
      try {
        db_->write(kContext, [&, i](Transaction& tx) {
          if (!kept(tx, "test.shared").empty())
            ++leaks;
          *tx.memo("test.shared") = std::make_shared<std::string>(std::to_string(i));
          if (i % 4 == 0)
            throw std::runtime_error("veto");
        });
      } catch (const std::runtime_error&) {
        ++vetoed;
      }
    });
  }
  for (auto& writer : writers)
    writer.join();
  EXPECT_EQ(leaks.load(), 0);
  EXPECT_EQ(vetoed.load(), 4);
}

DUKA_BACKENDS(TransactionMemoTest);

}  // namespace
}  // namespace duka::host
