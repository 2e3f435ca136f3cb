// The write transaction's memo (duka/transaction_memo.hpp) on both backends: an entry lives
// as long as its transaction, never reaches another one, and goes with a rolled-back write.
#include "duka/transaction_memo.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "db_fixture.hpp"

namespace duka::host {
namespace {

using TransactionMemoTest = BackendTest;

const EventContext kContext = EventContext::system("test");

TEST_P(TransactionMemoTest, KeepsAnEntryForTheRestOfItsTransaction) {
  db_->write(kContext, [](Transaction& tx) {
    ASSERT_NE(memoOf(tx), nullptr);
    EXPECT_EQ(memoized<std::string>(tx, "test.row:1"), nullptr);
    memoize(tx, "test.row:1", std::string("Zoë"));
    memoize(tx, "test.row:2", std::string("Amani"));
    ASSERT_NE(memoized<std::string>(tx, "test.row:1"), nullptr);
    EXPECT_EQ(*memoized<std::string>(tx, "test.row:1"), "Zoë");
    EXPECT_EQ(*memoized<std::string>(tx, "test.row:2"), "Amani");
    memoize(tx, "test.row:1", std::string("Zoë Wanjiru"));
    EXPECT_EQ(*memoized<std::string>(tx, "test.row:1"), "Zoë Wanjiru");
    forget(tx, "test.row:1");
    EXPECT_EQ(memoized<std::string>(tx, "test.row:1"), nullptr);
    EXPECT_EQ(*memoized<std::string>(tx, "test.row:2"), "Amani");
  });
}

TEST_P(TransactionMemoTest, TheNextTransactionStartsEmpty) {
  db_->write(kContext, [](Transaction& tx) { memoize(tx, "test.row:1", 7); });
  db_->write(kContext,
             [](Transaction& tx) { EXPECT_EQ(memoized<int>(tx, "test.row:1"), nullptr); });
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
          if (memoized<int>(tx, "test.shared"))
            ++leaks;
          memoize(tx, "test.shared", i);
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
