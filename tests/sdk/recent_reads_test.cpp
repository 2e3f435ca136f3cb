// RecentReads serves a value again until it ages or a write invalidates it, never keeps one
// read across an invalidation, and stays within its bound.
#include <gtest/gtest.h>

#include <duka/facility/recent_reads.hpp>
#include <string>
#include <thread>

#include "support/hand_committed_transaction.hpp"

namespace duka {
namespace {

using CommitLater = testing::HandCommittedTransaction;

TEST(RecentReads, ServesAValueAgainUntilAWriteInvalidatesIt) {
  RecentReads<int> reads;
  int fresh = 1, calls = 0;
  const auto read = [&] {
    ++calls;
    return fresh;
  };
  EXPECT_EQ(reads.read("k", read), 1);
  fresh = 2;
  EXPECT_EQ(reads.read("k", read), 1);
  EXPECT_EQ(calls, 1);

  CommitLater tx;
  reads.invalidateWith(tx);
  EXPECT_EQ(reads.read("k", read), 2);  // dropped at once, for the writer's own reads
  fresh = 3;
  tx.commit();
  EXPECT_EQ(reads.read("k", read), 3);  // and again at the commit
  EXPECT_EQ(calls, 3);
}

TEST(RecentReads, KeepsNothingReadWhileAWriteCommitted) {
  RecentReads<int> reads;
  CommitLater tx;
  reads.invalidateWith(tx);
  // A reader that began before the commit may have read the rows as they were.
  EXPECT_EQ(reads.read("k",
                       [&] {
                         tx.commit();
                         return 1;
                       }),
            1);
  EXPECT_FALSE(reads.find("k"));
}

TEST(RecentReads, ForgetsAValuePastItsAge) {
  RecentReads<int> reads;
  reads.store("k", reads.generation(), 1);
  ASSERT_EQ(reads.find("k"), 1);
  std::this_thread::sleep_for(RecentReads<int>::kMaxAge + std::chrono::milliseconds(20));
  EXPECT_FALSE(reads.find("k"));
}

TEST(RecentReads, HoldsAtMostItsBound) {
  RecentReads<int> reads;
  const std::size_t bound = RecentReads<int>::kMaxValues;
  for (std::size_t i = 0; i <= bound; ++i)
    reads.store(std::to_string(i), reads.generation(), static_cast<int>(i));
  // The full table was emptied before the last store: only that one is kept.
  EXPECT_FALSE(reads.find("0"));
  EXPECT_FALSE(reads.find(std::to_string(bound - 1)));
  EXPECT_EQ(reads.find(std::to_string(bound)), static_cast<int>(bound));
}

}  // namespace
}  // namespace duka
