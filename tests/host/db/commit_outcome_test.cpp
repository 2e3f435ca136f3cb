// outcomeOf trusts PostgreSQL's word on a transaction whose COMMIT was cut off only when the
// id is surely the transaction's: a server that crashed meanwhile hands out again the ids
// no flushed WAL named, and pg_xact_status then tells of another transaction.
#include "db/commit_outcome.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

const CutOffTransaction kTransaction{"4294968022", "1796578811000000"};  // epoch 1, id 726

ServerAnswer sameServer(const std::string& status) {
  return ServerAnswer{kTransaction.serverStartedAt, (1ULL << 32) | 700, true, status};
}

ServerAnswer restarted(std::uint64_t checkpointNextId, const std::string& status) {
  return ServerAnswer{"1796578899000000", checkpointNextId, true, status};
}

TEST(CommitOutcome, TheSameServerIsTakenAtItsWord) {
  EXPECT_EQ(outcomeOf(kTransaction, sameServer("committed")), CommitOutcome::Committed);
  EXPECT_EQ(outcomeOf(kTransaction, sameServer("aborted")), CommitOutcome::Aborted);
  EXPECT_EQ(outcomeOf(kTransaction, sameServer("in progress")), std::nullopt);  // ask again
  EXPECT_EQ(outcomeOf(kTransaction, sameServer("")), CommitOutcome::Unknown);   // forgotten
}

TEST(CommitOutcome, AnIdTheServerNeverHandedOutDidNotCommit) {
  ServerAnswer answer = restarted((1ULL << 32) | 700, "");
  answer.handedOut = false;
  EXPECT_EQ(outcomeOf(kTransaction, answer), CommitOutcome::Aborted);
}

TEST(CommitOutcome, AfterACrashAnIdTheServerDidNotKeepIsAnotherTransactions) {
  // The restarted server began at 726: the id was handed out again, to a transaction that
  // committed. The cut-off one was lost with the crash.
  EXPECT_EQ(outcomeOf(kTransaction, restarted((1ULL << 32) | 726, "committed")),
            CommitOutcome::Aborted);
  EXPECT_EQ(outcomeOf(kTransaction, restarted((1ULL << 32) | 726, "in progress")),
            CommitOutcome::Aborted);
}

TEST(CommitOutcome, AfterARestartAnIdTheServerKeptIsTakenAtItsWord) {
  // A clean restart's shutdown checkpoint, or a crash after the transaction's WAL was
  // written: the id is the transaction's.
  EXPECT_EQ(outcomeOf(kTransaction, restarted((1ULL << 32) | 727, "committed")),
            CommitOutcome::Committed);
  EXPECT_EQ(outcomeOf(kTransaction, restarted((1ULL << 32) | 727, "aborted")),
            CommitOutcome::Aborted);
}

TEST(CommitOutcome, AfterARestartWithoutTheCheckpointOnlyAnAbortIsCertain) {
  ServerAnswer answer = restarted(0, "committed");
  answer.checkpointNextId.reset();  // a role that may not read pg_control
  EXPECT_EQ(outcomeOf(kTransaction, answer), CommitOutcome::Unknown);
  answer.status = "aborted";
  EXPECT_EQ(outcomeOf(kTransaction, answer), CommitOutcome::Aborted);
  // Nor is a transaction whose server's start was not learned taken for the same server's.
  EXPECT_EQ(outcomeOf({kTransaction.id, ""}, sameServer("committed")), CommitOutcome::Unknown);
}

}  // namespace
}  // namespace duka::host
