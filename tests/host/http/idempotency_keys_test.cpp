// IdempotencyKeys on both backends: a key is claimed once, replays its stored answer, is a
// mismatch for another request (route or body); a key marked in a write that committed is
// never run again, even without its answer, nor forgotten when its request fails; keys
// older than a day are purged.
#include "http/dispatch/idempotency_keys.hpp"

#include "db/host_migrations.hpp"
#include "db/write_hook.hpp"
#include "host/db/db_fixture.hpp"

namespace duka::host {
namespace {

class IdempotencyKeysTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!db_)
      return;
    Migrator(*db_).apply({{kHostMigrationsName, hostMigrations()}});
  }
};

TEST_P(IdempotencyKeysTest, AKeyIsClaimedOnceThenReplayedOrRefusedForAnotherRequest) {
  IdempotencyKeys keys(*db_);
  using Claim = IdempotencyKeys::Claim;
  EXPECT_EQ(keys.claim("alice", "k1", "POST /a\n{}").kind, Claim::Proceed);
  EXPECT_EQ(keys.claim("alice", "k1", "POST /a\n{}").kind, Claim::InFlight);
  keys.finish("alice", "k1", 202, "{\"id\":1}");
  const Claim replay = keys.claim("alice", "k1", "POST /a\n{}");
  EXPECT_EQ(replay.kind, Claim::Replay);
  EXPECT_EQ(replay.status, 202);
  EXPECT_EQ(replay.body, "{\"id\":1}");
  EXPECT_EQ(keys.claim("alice", "k1", "POST /b\n{}").kind, Claim::Mismatch);
  EXPECT_EQ(keys.claim("bob", "k1", "POST /b\n{}").kind, Claim::Proceed);
}

TEST_P(IdempotencyKeysTest, AKeyCommitsWithTheRequestsWritesAndIsNeverRunTwice) {
  IdempotencyKeys keys(*db_);
  using Claim = IdempotencyKeys::Claim;
  ASSERT_EQ(keys.claim("alice", "k", "h").kind, Claim::Proceed);
  const WriteHook mark = [&](Transaction& tx) { IdempotencyKeys::markCommitted(tx, "alice", "k"); };
  {
    // A write that rolls back leaves the key running: it may be taken over once stale.
    const WriteHookScope scope(mark);
    EXPECT_THROW(db_->write(EventContext::system("test"),
                            [](Transaction&) { throw std::runtime_error("vetoed"); }),
                 std::runtime_error);
  }
  exec("UPDATE duka_idempotency_keys SET created_unix = created_unix - 120");
  EXPECT_EQ(keys.claim("alice", "k", "h").kind, Claim::Proceed) << "a stale running key";
  {
    const WriteHookScope scope(mark);
    db_->write(EventContext::system("test"), [](Transaction&) {});
  }
  // The process died before it stored the answer: a retry, however late, is refused.
  exec("UPDATE duka_idempotency_keys SET created_unix = created_unix - 120");
  EXPECT_EQ(keys.claim("alice", "k", "h").kind, Claim::Unanswered);
  // Outside the scope, writes carry no key.
  db_->write(EventContext::system("test"), [](Transaction&) {});
}

TEST_P(IdempotencyKeysTest, AFailedRequestForgetsItsKeyOnlyWhenNothingCommittedUnderIt) {
  IdempotencyKeys keys(*db_);
  using Claim = IdempotencyKeys::Claim;
  // Nothing committed: the key goes, and a retry runs.
  ASSERT_EQ(keys.claim("alice", "nothing", "h").kind, Claim::Proceed);
  keys.abandon("alice", "nothing");
  EXPECT_EQ(keys.claim("alice", "nothing", "h").kind, Claim::Proceed);
  // A change committed and then the request failed (or its COMMIT was cut off and did
  // commit): the key stays, and a retry is told instead of running twice.
  ASSERT_EQ(keys.claim("alice", "made", "h").kind, Claim::Proceed);
  {
    const WriteHook mark = [&](Transaction& tx) {
      IdempotencyKeys::markCommitted(tx, "alice", "made");
    };
    const WriteHookScope scope(mark);
    db_->write(EventContext::system("test"), [](Transaction&) {});
  }
  keys.abandon("alice", "made");
  EXPECT_EQ(keys.claim("alice", "made", "h").kind, Claim::Unanswered);
}

TEST_P(IdempotencyKeysTest, KeysOlderThanADayArePurged) {
  IdempotencyKeys keys(*db_);
  keys.claim("alice", "fresh", "h");
  keys.claim("alice", "old", "h");
  exec(
      "UPDATE duka_idempotency_keys SET created_unix = created_unix - 90000 WHERE idem_key = "
      "'old'");
  EXPECT_EQ(keys.purge(), 1u);
  EXPECT_EQ(count("duka_idempotency_keys"), 1);
}

DUKA_BACKENDS(IdempotencyKeysTest);

}  // namespace
}  // namespace duka::host
