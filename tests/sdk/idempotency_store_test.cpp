// IdempotencyStore on both backends: a key is claimed once, replays its stored answer, is a
// mismatch for another request (route or body), and keys older than a day are purged.
#include <duka/idempotency.hpp>

#include "host/db/db_fixture.hpp"

namespace duka {
namespace {

class IdempotencyStoreTest : public host::BackendTest {
 protected:
  void SetUp() override {
    host::BackendTest::SetUp();
    if (!db_)
      return;
    host::Migrator(*db_).apply({{"test", {{1, "keys", {idempotencyTable("test_keys")}, {}}}}});
  }
};

TEST_P(IdempotencyStoreTest, AKeyIsClaimedOnceThenReplayedOrRefusedForAnotherRequest) {
  IdempotencyStore store(*db_, "test_keys");
  EXPECT_EQ(store.claim("alice", "k1", "POST /a\n{}").kind, IdempotencyClaim::Proceed);
  EXPECT_EQ(store.claim("alice", "k1", "POST /a\n{}").kind, IdempotencyClaim::InFlight);
  store.finishAlone("alice", "k1", 202, "{\"id\":1}");
  const IdempotencyClaim replay = store.claim("alice", "k1", "POST /a\n{}");
  EXPECT_EQ(replay.kind, IdempotencyClaim::Replay);
  EXPECT_EQ(replay.status, 202);
  EXPECT_EQ(replay.body, "{\"id\":1}");
  EXPECT_EQ(store.claim("alice", "k1", "POST /b\n{}").kind, IdempotencyClaim::Mismatch);
  EXPECT_EQ(store.claim("bob", "k1", "POST /b\n{}").kind, IdempotencyClaim::Proceed);
}

TEST_P(IdempotencyStoreTest, KeysOlderThanADayArePurged) {
  IdempotencyStore store(*db_, "test_keys");
  store.claim("alice", "fresh", "h");
  store.claim("alice", "old", "h");
  exec("UPDATE test_keys SET created_unix = created_unix - 90000 WHERE idem_key = 'old'");
  EXPECT_EQ(store.purge(), 1u);
  EXPECT_EQ(count("test_keys"), 1);
}

DUKA_BACKENDS(IdempotencyStoreTest);

}  // namespace
}  // namespace duka
