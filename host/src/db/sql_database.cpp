#include "db/sql_database.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "db/pg_connection.hpp"
#include "db/sql_transaction.hpp"
#include "db/sqlite_connection.hpp"
#include "db/write_hook.hpp"

namespace duka::host {

const char* backendName(Backend backend) {
  return backend == Backend::Sqlite ? "sqlite" : "postgresql";
}

namespace {

// kSubJournalInMemory is how much of a savepoint's undo journal (a copy of each page the
// writer changes) SQLite keeps in memory, in one piece, before it moves it to a temporary
// file: a shared commit runs every writer in a savepoint of its own, and an order changes
// 11 to 15 pages (docs/design/group-commit.md). SQLite's default is 64 KiB. It writes the
// piece to the file in one write(2), and its unix VFS writes at most 128 KiB - 1 bytes at
// once: with a larger limit a writer past it fails with "database or disk is full"
// (tested).
constexpr int kSubJournalInMemory = 128 * 1024 - 1;

void configureSqlite() {
  // SQLite takes process-wide settings only before its first connection (or after
  // sqlite3_shutdown); later this call is refused and SQLite's default stays, which is only
  // slower.
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kSubJournalInMemory); });
}

}  // namespace

std::unique_ptr<SqlDatabase> SqlDatabase::open(const DatabaseConfig& config,
                                               EventDispatcher& events,
                                               std::chrono::milliseconds leaseWait) {
  std::unique_ptr<SqlDatabase> db;
  try {
    if (config.backend == Backend::Sqlite) {
      configureSqlite();
      const std::filesystem::path path(config.path);
      if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
          throw std::runtime_error("cannot create the database folder " +
                                   path.parent_path().string() + ": " + ec.message());
        }
      }
      auto open = [file = config.path, sync = config.sqliteSynchronous] {
        return std::make_unique<SqliteConnection>(file, sync);
      };
      auto pool = std::make_shared<ConnectionPool>(
          [open]() -> std::unique_ptr<SqlConnection> { return open(); }, config.poolSize,
          leaseWait);
      db.reset(new SqlDatabase(Backend::Sqlite, pool, events));
      db->checkpointer_ = std::make_shared<WalCheckpointer>(open);
      if (config.sqliteSynchronous == "full") {
        // Durable before answered, as `full` promises, but synced off the writer's thread:
        // it commits without waiting for the disk, and one sync of the log answers every
        // batch committed while the last one ran (docs/design/group-commit.md).
        auto openWriter = [file = config.path] {
          return std::make_unique<SqliteConnection>(file, "normal");
        };
        // The log's name as SQLite has it: through a symbolic link it is the target's.
        const std::string log = WalSyncer::logOf(openWriter()->handle());
        auto syncer = std::make_shared<WalSyncer>(WalSyncer::syncFile(log));
        db->writer_ = std::make_unique<SqliteWriter>(openWriter, db->checkpointer_, events,
                                                     std::move(syncer));
      } else {
        db->writer_ = std::make_unique<SqliteWriter>(open, db->checkpointer_, events);
      }
    } else {
      auto pool = std::make_shared<ConnectionPool>(
          [connection = config.connection]() -> std::unique_ptr<SqlConnection> {
            return std::make_unique<PgConnection>(connection);
          },
          config.poolSize, leaseWait);
      db.reset(new SqlDatabase(Backend::Postgresql, pool, events));
    }
    db->run("SELECT 1");
  } catch (const std::exception& e) {
    const std::string where = config.backend == Backend::Sqlite
                                  ? "the SQLite database " + config.path
                                  : std::string("the PostgreSQL server");
    throw std::runtime_error("cannot open " + where + ": " + e.what());
  }
  return db;
}

SqlDatabase::SqlDatabase(Backend backend, std::shared_ptr<ConnectionPool> pool,
                         EventDispatcher& events)
    : backend_(backend), pool_(std::move(pool)), events_(events) {}

SqlDatabase::~SqlDatabase() {
  close();
}

RowCount SqlDatabase::runStatement(std::string_view sql, std::span<const SqlValue> values,
                                   const SqlRowCallback& onRow, std::int64_t* insertedId) {
  if (insertedId != nullptr)
    throw std::logic_error("an INSERT outside a write transaction: " + std::string(sql));
  const ConnectionPool::Lease connection = pool_->lease();
  return connection->runStatement(sql, values, onRow, nullptr);
}

void SqlDatabase::write(const std::shared_ptr<EventSubscribers>& subscribers,
                        const EventContext& context, const std::function<void(Transaction&)>& fn) {
  // A write inside a write would wait for itself: its second connection cannot begin
  // while the first holds the database. Refuse it loudly instead.
  bool& writing = insideWrite();
  if (writing)
    throw std::logic_error("Database::write called inside another write transaction");
  writing = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{writing};
  // The request this thread serves may add its own statement (its Idempotency-Key), last,
  // so that it commits with what the request wrote.
  const auto dispatch = [&](const std::function<void(Transaction&)>& run) {
    if (writer_)
      writer_->write(subscribers, context, run);
    else
      writeAlone(subscribers, context, run);
  };
  if (const WriteHook* hook = currentWriteHook()) {
    dispatch([&fn, hook](Transaction& tx) {
      fn(tx);
      (*hook)(tx);
    });
  } else {
    dispatch(fn);
  }
}

void SqlDatabase::writeAlone(const std::shared_ptr<EventSubscribers>& subscribers,
                             const EventContext& context,
                             const std::function<void(Transaction&)>& fn) {
  const ConnectionPool::Lease connection = pool_->lease();
  SqlTransaction transaction(*connection, context, *subscribers);
  connection->begin();
  try {
    fn(transaction);
    connection->commit();
  } catch (...) {
    try {
      connection->rollback();
    } catch (...) {
      // A failed rollback leaves a broken connection; the pool drops it when it comes back.
    }
    throw;
  }
  runCommitHooks(transaction.takeCommitHooks());
  events_.afterCommit(subscribers, transaction.takeEvents());
}

bool SqlDatabase::ping() {
  // A lost sync refuses every write until restart: unhealthy (/health answers 503, and
  // systemd's watchdog, missing its pings, restarts duka).
  if (writer_ && writer_->durabilityLost())
    return false;
  try {
    std::int64_t one = 0;
    run("SELECT 1", {}, [&](const SqlRow& row) { one = row.integer(0); });
    return one == 1;
  } catch (...) {
    return false;
  }
}

void SqlDatabase::close() {
  if (writer_)
    writer_->close();
  if (checkpointer_)
    checkpointer_->stop();
  pool_->close();
}

}  // namespace duka::host
