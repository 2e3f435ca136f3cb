#include "db/sql_database.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "db/caching_sqlite_session.hpp"
#include "db/sql_transaction.hpp"
#include "duka/http.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace duka::host {

namespace {

// kSubJournalInMemory is how much of a savepoint's undo journal (a copy of each page the
// writer changes) SQLite keeps in memory, in one piece, before it moves it to a temporary
// file: a shared commit runs every writer in a savepoint of its own, and an order changes
// 11 to 15 pages (docs/design/group-commit.md). SQLite's default is 64 KiB. It writes the
// piece to the file in one write(2), and its unix VFS writes at most 128 KiB - 1 bytes at
// once: with a larger limit a writer past it fails with "database or disk is full"
// (tested).
constexpr int kSubJournalInMemory = 128 * 1024 - 1;

void registerConnectors() {
  // SQLite takes process-wide settings only before its first connection (or after
  // sqlite3_shutdown); later this call is refused and SQLite's default stays, which is only
  // slower.
  sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kSubJournalInMemory);
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

// openSqlite opens a connection with duka's settings; with a checkpointer, its commits
// leave the WAL checkpoints to it.
Poco::Data::Session openSqlite(const std::string& path, const std::string& synchronous,
                               WalCheckpointer* checkpointer) {
  Poco::Data::Session session = openCachingSqlite(path);
  // WAL lets readers run beside the one writer; the busy timeout makes a second writer
  // wait for the first instead of failing; foreign keys are off by default in SQLite.
  session << "PRAGMA journal_mode = WAL", now;
  session << "PRAGMA foreign_keys = ON", now;
  session << "PRAGMA busy_timeout = 10000", now;
  session << (synchronous == "normal" ? "PRAGMA synchronous = NORMAL"
                                      : "PRAGMA synchronous = FULL"),
      now;
  if (checkpointer)
    checkpointer->watch(Poco::AnyCast<sqlite3*>(session.getProperty("handle")));
  return session;
}

}  // namespace

std::unique_ptr<SqlDatabase> SqlDatabase::open(const DatabaseConfig& config,
                                               EventDispatcher& events,
                                               std::chrono::milliseconds leaseWait) {
  registerConnectors();
  ConnectionPool::Opener opener;
  std::shared_ptr<WalCheckpointer> checkpointer;
  if (config.backend == Backend::Sqlite) {
    const std::filesystem::path path(config.path);
    if (path.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(path.parent_path(), ec);
      if (ec) {
        throw std::runtime_error("cannot create the database folder " +
                                 path.parent_path().string() + ": " + ec.message());
      }
    }
    checkpointer =
        std::make_shared<WalCheckpointer>([file = config.path, sync = config.sqliteSynchronous] {
          return openSqlite(file, sync, nullptr);
        });
    // The pool's connections hold the checkpointer: it outlives every one of them.
    opener = [file = config.path, sync = config.sqliteSynchronous, checkpointer] {
      return openSqlite(file, sync, checkpointer.get());
    };
  } else {
    opener = [connection = config.connection] {
      return Poco::Data::Session("PostgreSQL", connection);
    };
  }

  auto pool = std::make_shared<ConnectionPool>(opener, config.poolSize, leaseWait);
  std::unique_ptr<SqlDatabase> db(new SqlDatabase(config.backend, pool, checkpointer, events));
  try {
    DbSession probe = db->session();
    int one = 0;
    *probe << "SELECT 1", into(one), now;
  } catch (const Poco::Exception& e) {
    const std::string where = config.backend == Backend::Sqlite
                                  ? "the SQLite database " + config.path
                                  : std::string("the PostgreSQL server");
    throw std::runtime_error("cannot open " + where + ": " + e.displayText());
  }
  return db;
}

SqlDatabase::SqlDatabase(Backend backend, std::shared_ptr<ConnectionPool> pool,
                         std::shared_ptr<WalCheckpointer> checkpointer, EventDispatcher& events)
    : backend_(backend),
      pool_(std::move(pool)),
      checkpointer_(std::move(checkpointer)),
      events_(events) {
  if (backend_ == Backend::Sqlite)
    writer_ = std::thread([this] { runWriter(); });
}

SqlDatabase::~SqlDatabase() {
  close();
}

DbSession SqlDatabase::session() {
  return pool_->lease();
}

// PendingWrite is one caller of write() waiting in the SQLite queue. The writer thread fills
// in the outcome, then sets done; the caller waits for done on a mutex and condition of
// its own, not the queue's (32 callers woken at once would otherwise queue on it behind the
// writer). Not std::atomic::wait: libstdc++ spins on sched_yield before it sleeps, and 64
// spinning callers took a tenth of the CPU the writer needs (measured with perf).
struct SqlDatabase::PendingWrite {
  const EventContext* context = nullptr;
  const std::function<void(Transaction&)>* fn = nullptr;
  std::mutex doneMutex;
  std::condition_variable doneSignal;
  bool done = false;
  std::exception_ptr error;
  std::vector<Event> events;
  std::vector<std::function<void()>> hooks;
};

namespace {

// kMaxBatch bounds how many writers share one commit, and so the wait of the last one.
constexpr std::size_t kMaxBatch = 32;

// kWriterNiceBoost is how far below the process's nice value the SQLite writer thread runs
// when the process may raise a thread's priority (CAP_SYS_NICE, or RLIMIT_NICE). Every
// write waits for this one thread; at the same priority as the request threads it spent
// about a sixth of its time waiting for a core under load (docs/design/order-write-cost.md).
constexpr int kWriterNiceBoost = 10;

// raiseWriterPriority lowers the calling thread's nice value by kWriterNiceBoost, or says in
// the log why it could not.
void raiseWriterPriority() {
  const auto tid = static_cast<id_t>(::gettid());
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (current == -1 && errno != 0)
    return;
  const int wanted = std::max(current - kWriterNiceBoost, -20);
  if (::setpriority(PRIO_PROCESS, tid, wanted) != 0) {
    Poco::Logger::get("duka.db").information(
        "the SQLite writer thread runs at the request threads' priority (%s); give duka "
        "CAP_SYS_NICE or a nice limit (systemd: LimitNICE=-10) to let it run ahead of them",
        std::string(std::strerror(errno)));
  }
}

// writing marks a thread that runs write transactions: a caller inside write(), or the
// SQLite writer thread. A write from such a thread would wait for itself.
thread_local bool writing = false;

}  // namespace

void SqlDatabase::write(const EventContext& context, const std::function<void(Transaction&)>& fn) {
  // A write inside a write would wait for itself: its second connection cannot begin
  // while the first holds the database. Refuse it loudly instead.
  if (writing)
    throw std::logic_error("Database::write called inside another write transaction");
  writing = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{writing};
  if (backend_ == Backend::Sqlite)
    writeGrouped(context, fn);
  else
    writeAlone(context, fn);
}

void SqlDatabase::writeAlone(const EventContext& context,
                             const std::function<void(Transaction&)>& fn) {
  DbSession session = pool_->lease();
  SqlTransaction transaction(*session, backend_, context, events_);
  transaction.begin();
  try {
    fn(transaction);
    transaction.commit();
  } catch (...) {
    transaction.rollback();
    throw;
  }
  runHooks(transaction.takeCommitHooks());
  events_.afterCommit(transaction.takeEvents());
}

void SqlDatabase::writeGrouped(const EventContext& context,
                               const std::function<void(Transaction&)>& fn) {
  // Shared with the writer thread, which may still be waking this caller when it returns.
  auto me = std::make_shared<PendingWrite>();
  me->context = &context;
  me->fn = &fn;
  {
    std::lock_guard<std::mutex> lock(queueMutex_);
    if (stopping_)
      throw serviceUnavailable("The database is closing; try again.");
    queue_.push_back(me);
  }
  queued_.notify_one();
  {
    std::unique_lock<std::mutex> lock(me->doneMutex);
    me->doneSignal.wait(lock, [&] { return me->done; });
  }
  if (me->error)
    std::rethrow_exception(me->error);
  runHooks(std::move(me->hooks));
}

void SqlDatabase::runWriter() {
  writing = true;  // a function of a batch that calls write() gets the logic_error
  // The name shows in top -H, perf and /proc/PID/task/*/comm (bench/run reads its CPU time).
  pthread_setname_np(pthread_self(), "duka-sqlwriter");
  raiseWriterPriority();
  for (;;) {
    // Everybody queued (up to kMaxBatch) shares the next transaction. The next batch starts
    // as soon as this one is done: no hand-over to another thread in between.
    std::vector<std::shared_ptr<PendingWrite>> batch;
    {
      std::unique_lock<std::mutex> lock(queueMutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // closing, and everybody queued has been served
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    runBatch(batch);
    for (const auto& member : batch) {
      {
        std::lock_guard<std::mutex> lock(member->doneMutex);
        member->done = true;
      }
      member->doneSignal.notify_one();
    }
    // Between two batches, after the callers were woken: the short checkpoint that lets
    // the log restart, when the checkpointer's thread has copied nearly all of it.
    if (checkpointer_ && checkpointer_->restartDue()) {
      try {
        DbSession session = pool_->lease();
        checkpointer_->restart(*session);
      } catch (const std::exception& e) {
        Poco::Logger::get("duka.db").warning("no connection for a WAL checkpoint: %s",
                                             std::string(e.what()));
      }
    }
  }
}

void SqlDatabase::runBatch(const std::vector<std::shared_ptr<PendingWrite>>& batch) {
  // Members [first, next) share the open transaction.
  std::size_t next = 0;
  while (next < batch.size()) {
    const std::size_t first = next;
    auto failFrom = [&](std::size_t from, std::size_t to, const std::exception_ptr& error) {
      for (std::size_t i = from; i < to; ++i) {
        if (!batch[i]->error)
          batch[i]->error = error;
        batch[i]->events.clear();
        batch[i]->hooks.clear();
      }
    };
    try {
      DbSession session = pool_->lease();
      executeSql(*session, "BEGIN IMMEDIATE");
      bool broken = false;
      for (; next < batch.size() && !broken; ++next) {
        PendingWrite& member = *batch[next];
        SqlTransaction transaction(*session, backend_, *member.context, events_);
        try {
          executeSql(*session, "SAVEPOINT duka_write");
          (*member.fn)(transaction);
          executeSql(*session, "RELEASE duka_write");
          member.events = transaction.takeEvents();
          member.hooks = transaction.takeCommitHooks();
        } catch (...) {
          member.error = std::current_exception();
          try {
            executeSql(*session, "ROLLBACK TO duka_write");
            executeSql(*session, "RELEASE duka_write");
          } catch (...) {
            broken = true;  // SQLite ended the whole transaction (e.g. an I/O error)
          }
        }
      }
      if (broken) {
        failFrom(first, next,
                 std::make_exception_ptr(
                     std::runtime_error("the database rolled back a shared write transaction")));
        try {
          executeSql(*session, "ROLLBACK");
        } catch (...) {
          session->close();  // the pool drops a closed connection when it comes back
        }
        continue;  // the rest of the batch gets a transaction of its own
      }
      try {
        executeSql(*session, "COMMIT");
      } catch (...) {
        failFrom(first, next, std::current_exception());
        try {
          executeSql(*session, "ROLLBACK");
        } catch (...) {
          session->close();
        }
        continue;
      }
      // Committed: whatever happens now, these members succeeded. The after-commit
      // subscribers see the events in commit order.
      try {
        for (std::size_t i = first; i < next; ++i)
          events_.afterCommit(std::move(batch[i]->events));
      } catch (const std::exception& e) {
        Poco::Logger::get("duka.db").error("after-commit events lost: %s", std::string(e.what()));
      }
    } catch (...) {
      // No connection, or BEGIN failed: nobody from here on ran.
      failFrom(first, batch.size(), std::current_exception());
      return;
    }
  }
}

void SqlDatabase::runHooks(std::vector<std::function<void()>> hooks) {
  for (auto& hook : hooks) {
    try {
      hook();
    } catch (const std::exception& e) {
      Poco::Logger::get("duka.db").error("an on-commit hook threw: %s", std::string(e.what()));
    }
  }
}

bool SqlDatabase::ping() {
  try {
    DbSession session = pool_->lease();
    int one = 0;
    *session << "SELECT 1", into(one), now;
    return one == 1;
  } catch (...) {
    return false;
  }
}

void SqlDatabase::close() {
  {
    std::lock_guard<std::mutex> lock(queueMutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  if (writer_.joinable() && writer_.get_id() != std::this_thread::get_id())
    writer_.join();
  if (checkpointer_)
    checkpointer_->stop();
  pool_->close();
}

}  // namespace duka::host
