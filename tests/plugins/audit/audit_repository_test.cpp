// AuditRepository against a real database on both backends: rows sealed by the sealer after
// commit, one chain whatever the number of writers and sealers (several instances on one
// PostgreSQL), and the table's guard, which lets an UPDATE only seal a row, once.
#include "audit_repository.hpp"

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "audit_migrations.hpp"
#include "audit_sealer.hpp"
#include "db/migrator.hpp"
#include "duka/sql.hpp"
#include "host/db/db_fixture.hpp"
#include "plugins/background_tasks.hpp"

namespace duka::audit {
namespace {

class AuditRepositoryTest : public host::BackendTest {
 protected:
  void SetUp() override {
    host::BackendTest::SetUp();
    if (!db_)
      return;
    host::Migrator(*db_).apply({{"audit", schema()}});
    rows_.emplace(*db_);
  }

  AuditRow append(AuditRepository& rows, Database& db, const std::string& action) {
    AuditRow row;
    row.at = nowRfc3339();
    row.action = action;
    row.actor = "user:1";
    row.entity = "order";
    row.entityId = "7";
    row.requestId = "r";
    row.data = R"({"id":7})";
    db.write(EventContext::system("test"), [&](Transaction& tx) { rows.append(tx, row); });
    return row;
  }
  std::optional<std::int64_t> seal(AuditRepository& rows, Database& db) {
    const SealPlan plan = rows.planSeal();
    std::optional<std::int64_t> sealed;
    db.write(EventContext::system("test"), [&](Transaction& tx) { sealed = rows.seal(tx, plan); });
    return sealed;
  }
  // chain walks the sealed rows and checks every link; it returns their ids in chain order.
  std::vector<std::int64_t> chain() {
    std::vector<std::int64_t> ids;
    std::string previous = kGenesisHash;
    std::int64_t seq = 0;
    rows_->walk([&](const AuditRow& row) {
      EXPECT_EQ(row.prevHash, previous) << row.id;
      EXPECT_EQ(chainHash(row), row.hash) << row.id;
      EXPECT_EQ(row.seq, ++seq) << row.id;
      previous = row.hash;
      ids.push_back(row.id);
      return true;
    });
    return ids;
  }

  std::optional<AuditRepository> rows_;
};

TEST_P(AuditRepositoryTest, RowsJoinTheChainInTheOrderTheyAreSealed) {
  for (int i = 0; i < 5; ++i)
    append(*rows_, *db_, "order.created");
  EXPECT_TRUE(chain().empty());
  const UnsealedRows waiting = rows_->unsealed();
  EXPECT_EQ(waiting.count, 5);
  EXPECT_LT(waiting.oldestId, waiting.newestId);
  EXPECT_EQ(seal(*rows_, *db_), 5);
  EXPECT_EQ(rows_->unsealed().count, 0);
  append(*rows_, *db_, "order.approved");
  EXPECT_EQ(seal(*rows_, *db_), 1);
  EXPECT_EQ(seal(*rows_, *db_), 0);
  const auto ids = chain();
  ASSERT_EQ(ids.size(), 6u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

// A plan read before another sealer extended the chain is refused whole: its seqs are taken
// and its rows may be sealed already.
TEST_P(AuditRepositoryTest, APlanTheChainHasMovedPastIsRefused) {
  append(*rows_, *db_, "order.created");
  const SealPlan stale = rows_->planSeal();
  EXPECT_EQ(seal(*rows_, *db_), 1);
  append(*rows_, *db_, "order.approved");
  std::optional<std::int64_t> sealed = 0;
  db_->write(EventContext::system("test"),
             [&](Transaction& tx) { sealed = rows_->seal(tx, stale); });
  EXPECT_EQ(sealed, std::nullopt);
  EXPECT_EQ(rows_->unsealed().count, 1);
  EXPECT_EQ(seal(*rows_, *db_), 1);
  EXPECT_EQ(chain().size(), 2u);
}

using PostgresqlAuditRepositoryTest = AuditRepositoryTest;  // instances side by side

TEST_P(AuditRepositoryTest, ALargeBacklogIsSealedInBatches) {
  for (int i = 0; i < 3; ++i) {
    db_->write(EventContext::system("test"), [&](Transaction& tx) {
      for (int j = 0; j < 250; ++j) {
        AuditRow row;
        row.at = nowRfc3339();
        row.action = "a";
        row.data = "{}";
        rows_->append(tx, row);
      }
    });
  }
  EXPECT_EQ(seal(*rows_, *db_), AuditRepository::kSealBatch);
  EXPECT_EQ(seal(*rows_, *db_), 750 - AuditRepository::kSealBatch);
  // A pass stores its seals a few rows per statement (500 is 128 * 3 + 64 + 32 + 16 + 4):
  // each row got its own, in id order.
  const std::vector<std::int64_t> ids = chain();
  ASSERT_EQ(ids.size(), 750u);
  for (std::size_t i = 0; i < ids.size(); ++i)
    EXPECT_EQ(ids[i], static_cast<std::int64_t>(i) + 1);
}

// SealersLockHeld is another instance's sealer in the middle of its pass: it holds the
// sealer's lock until released.
class SealersLockHeld {
 public:
  SealersLockHeld(AuditRepository& rows, Database& db)
      : thread_([&] {
          const SealPlan plan = rows.planSeal();
          db.write(EventContext::system("test"), [&](Transaction& tx) {
            sealed_ = rows.seal(tx, plan);
            holding_ = true;
            while (!release_)
              std::this_thread::sleep_for(std::chrono::milliseconds(5));
          });
        }) {
    while (!holding_)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~SealersLockHeld() { release(); }
  SealersLockHeld(const SealersLockHeld&) = delete;
  SealersLockHeld& operator=(const SealersLockHeld&) = delete;
  // sealed is what its pass sealed.
  std::optional<std::int64_t> sealed() const { return sealed_; }
  void release() {
    release_ = true;
    if (thread_.joinable())
      thread_.join();
  }

 private:
  std::atomic<bool> holding_ = false, release_ = false;
  std::optional<std::int64_t> sealed_;  // written before holding_
  std::thread thread_;
};

TEST_P(PostgresqlAuditRepositoryTest, OneSealerAtATime) {
  append(*rows_, *db_, "order.created");
  SealersLockHeld other(*rows_, *db_);
  EXPECT_EQ(other.sealed(), 1);
  EXPECT_EQ(seal(*rows_, *db_), std::nullopt);  // the other holds the sealer's lock
  other.release();
  EXPECT_EQ(seal(*rows_, *db_), 0);
  EXPECT_EQ(chain().size(), 1u);
}

// runEvery runs sealer as the host does (PluginContext::every).
std::unique_ptr<host::BackgroundTasks> runEvery(AuditSealer& sealer) {
  auto tasks = std::make_unique<host::BackgroundTasks>("audit", nullptr, Poco::Logger::get("test"));
  tasks->add(AuditSealer::kInterval, "seal", [&sealer](std::stop_token stop) { sealer.run(stop); });
  tasks->start();
  return tasks;
}

// Three "instances" (databases of their own on one PostgreSQL), each with writers and the
// sealer the host runs: every row is sealed once, and the rows form one chain.
TEST_P(PostgresqlAuditRepositoryTest, WritersAndSealersOfSeveralInstancesMakeOneChain) {
  constexpr int kInstances = 3, kWritersEach = 4, kRowsEach = 60;
  std::vector<std::unique_ptr<host::SqlDatabase>> dbs;
  std::vector<std::unique_ptr<AuditRepository>> repos;
  std::vector<std::unique_ptr<AuditSealer>> sealers;
  std::vector<std::unique_ptr<host::BackgroundTasks>> tasks;
  for (int i = 0; i < kInstances; ++i) {
    dbs.push_back(host::SqlDatabase::open(testDb_->config(), events_, std::chrono::seconds(10)));
    repos.push_back(std::make_unique<AuditRepository>(*dbs.back()));
    sealers.push_back(std::make_unique<AuditSealer>(*dbs.back(), *repos.back()));
    tasks.push_back(runEvery(*sealers.back()));
  }
  std::vector<std::thread> writers;
  for (int i = 0; i < kInstances * kWritersEach; ++i) {
    writers.emplace_back([&, i] {
      for (int n = 0; n < kRowsEach; ++n)
        append(*repos[i % kInstances], *dbs[i % kInstances], "w" + std::to_string(i));
    });
  }
  for (auto& writer : writers)
    writer.join();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (rows_->unsealed().count > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (auto& each : tasks)
    each->stop();
  const auto ids = chain();
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kInstances * kWritersEach * kRowsEach));
  EXPECT_EQ(std::set<std::int64_t>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_EQ(rows_->unsealed().count, 0);
  for (auto& db : dbs)
    db->close();
}

TEST_P(PostgresqlAuditRepositoryTest, TheSealerReportsWhatWaitsAndForHowLong) {
  AuditSealer sealer(*db_, *rows_);
  EXPECT_EQ(sealer.unsealedRows(), 0);
  EXPECT_EQ(sealer.lagSeconds(), 0);
  // Another sealer holds the lock: this one cannot seal, and sees the rows wait.
  SealersLockHeld other(*rows_, *db_);
  append(*rows_, *db_, "a");
  append(*rows_, *db_, "b");
  const auto tasks = runEvery(sealer);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(sealer.unsealedRows(), 2);
  EXPECT_GE(sealer.lagSeconds(), 0.2);
  other.release();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sealer.unsealedRows() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(sealer.unsealedRows(), 0);
  EXPECT_EQ(sealer.lagSeconds(), 0);
  tasks->stop();
  EXPECT_EQ(chain().size(), 2u);
}

// A sealer that lost a pass to another instance's leaves the sealing to it for kStandBy:
// it neither plans nor seals meanwhile (each such plan is read and hashed in vain), samples
// for /metrics now and then, and then seals again, as when the other instance is gone.
TEST_P(PostgresqlAuditRepositoryTest, ASealerThatLostAPassStandsByAndThenTakesOver) {
  AuditSealer sealer(*db_, *rows_);
  SealersLockHeld other(*rows_, *db_);
  append(*rows_, *db_, "a");
  const std::stop_source running;
  // The sealer stands by from a moment between these two: the first bounds what must still
  // be standing by, the second when it must have ended (a loaded machine spreads them apart).
  const auto beforeLoss = std::chrono::steady_clock::now();
  sealer.run(running.get_token());  // loses: the other holds the lock
  const auto afterLoss = std::chrono::steady_clock::now();
  other.release();
  EXPECT_EQ(sealer.unsealedRows(), 1);
  // The lock is free now, and the sealer stands by.
  append(*rows_, *db_, "b");
  std::this_thread::sleep_for(AuditSealer::kStandBySample + std::chrono::milliseconds(20));
  sealer.run(running.get_token());
  if (std::chrono::steady_clock::now() < beforeLoss + AuditSealer::kStandBy) {
    EXPECT_EQ(rows_->unsealed().count, 2);  // nothing sealed
    EXPECT_EQ(sealer.unsealedRows(), 2);    // but sampled
  }
  std::this_thread::sleep_until(afterLoss + AuditSealer::kStandBy + std::chrono::milliseconds(20));
  sealer.run(running.get_token());
  EXPECT_EQ(rows_->unsealed().count, 0);
  sealer.run(running.get_token());  // its sample comes before its pass
  EXPECT_EQ(sealer.unsealedRows(), 0);
  EXPECT_EQ(chain().size(), 2u);
}

TEST_P(AuditRepositoryTest, TheGuardLetsAnUpdateOnlySealAnUnsealedRowOnce) {
  append(*rows_, *db_, "order.created");
  std::string id;
  db_->run("SELECT MAX(id) FROM audit_log", {}, [&](const SqlRow& found) { id = found.text(0); });
  auto refused = [&](const std::string& sql) {
    try {
      exec(sql);
    } catch (const std::exception&) {
      return true;
    }
    return false;
  };
  // A seal that changes the content, or half a seal.
  EXPECT_TRUE(
      refused("UPDATE audit_log SET seq = 1, prev_hash = 'p', hash = 'h', action = 'x' "
              "WHERE id = " +
              id));
  EXPECT_TRUE(refused("UPDATE audit_log SET seq = 1 WHERE id = " + id));
  EXPECT_TRUE(refused("UPDATE audit_log SET data = '{}' WHERE id = " + id));
  EXPECT_TRUE(refused("DELETE FROM audit_log WHERE id = " + id));
  EXPECT_EQ(seal(*rows_, *db_), 1);
  EXPECT_TRUE(
      refused("UPDATE audit_log SET seq = 2, prev_hash = 'p', hash = 'h' WHERE id = " + id));
  EXPECT_TRUE(refused("UPDATE audit_log SET hash = 'h' WHERE id = " + id));
  EXPECT_EQ(chain().size(), 1u);
}

// A log written before sealing moved after commit keeps its chain, in id order.
TEST_P(AuditRepositoryTest, AnOlderLogIsSealedInIdOrderByTheUpgrade) {
  db_->close();
  testDb_.reset();
  for (const char* file : {"var/duka.db", "var/duka.db-wal", "var/duka.db-shm"})
    std::filesystem::remove(dir_.file(file));  // SQLite's database is a file: a fresh one
  testDb_ = test::TestDatabase::create(GetParam(), dir_);
  db_ = host::SqlDatabase::open(testDb_->config(), events_, std::chrono::seconds(10));
  auto migrations = schema();
  migrations.resize(2);  // through version 2
  host::Migrator(*db_).apply({{"audit", migrations}});
  std::string previous = kGenesisHash;
  for (int i = 0; i < 3; ++i) {
    AuditRow row;
    row.at = "2026-01-01T00:00:00Z";
    row.action = "a" + std::to_string(i);
    row.data = "{}";
    row.prevHash = previous;
    row.hash = chainHash(row);
    previous = row.hash;
    exec(
        "INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, data, "
        "prev_hash, hash) VALUES ('" +
        row.at + "', '" + row.action + "', '', '', '', '', '{}', '" + row.prevHash + "', '" +
        row.hash + "')");
  }
  host::Migrator(*db_).apply({{"audit", schema()}});
  rows_.emplace(*db_);
  EXPECT_EQ(rows_->unsealed().count, 0);
  append(*rows_, *db_, "after");
  EXPECT_EQ(seal(*rows_, *db_), 1);
  EXPECT_EQ(chain().size(), 4u);
}

DUKA_BACKENDS(AuditRepositoryTest);
INSTANTIATE_TEST_SUITE_P(Postgresql, PostgresqlAuditRepositoryTest,
                         ::testing::Values(Backend::Postgresql),
                         [](const auto& info) { return test::backendLabel(info.param); });

}  // namespace
}  // namespace duka::audit
