#include "db/sql_database.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "db/sql_transaction.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

namespace duka::host {

namespace {

void registerConnectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

Poco::Data::Session openSqlite(const std::string& path, const std::string& synchronous) {
  Poco::Data::Session session("SQLite", path);
  // WAL lets readers run beside the one writer; the busy timeout makes a second writer
  // wait for the first instead of failing; foreign keys are off by default in SQLite.
  session << "PRAGMA journal_mode = WAL", now;
  session << "PRAGMA foreign_keys = ON", now;
  session << "PRAGMA busy_timeout = 10000", now;
  session << (synchronous == "normal" ? "PRAGMA synchronous = NORMAL"
                                      : "PRAGMA synchronous = FULL"),
      now;
  return session;
}

}  // namespace

std::unique_ptr<SqlDatabase> SqlDatabase::open(const DatabaseConfig& config,
                                               EventDispatcher& events,
                                               std::chrono::milliseconds leaseWait) {
  registerConnectors();
  ConnectionPool::Opener opener;
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
    opener = [file = config.path, sync = config.sqliteSynchronous] {
      return openSqlite(file, sync);
    };
  } else {
    opener = [connection = config.connection] {
      return Poco::Data::Session("PostgreSQL", connection);
    };
  }

  auto pool = std::make_shared<ConnectionPool>(opener, config.poolSize, leaseWait);
  std::unique_ptr<SqlDatabase> db(new SqlDatabase(config.backend, pool, events));
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
                         EventDispatcher& events)
    : backend_(backend), pool_(std::move(pool)), events_(events) {}

SqlDatabase::~SqlDatabase() {
  close();
}

DbSession SqlDatabase::session() {
  return pool_->lease();
}

void SqlDatabase::write(const EventContext& context, const std::function<void(Transaction&)>& fn) {
  // A write inside a write would wait for itself: its second connection cannot begin
  // while the first holds the database. Refuse it loudly instead.
  thread_local bool writing = false;
  if (writing)
    throw std::logic_error("Database::write called inside another write transaction");
  writing = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{writing};
  std::unique_lock<std::mutex> turn(writer_, std::defer_lock);
  if (backend_ == Backend::Sqlite)
    turn.lock();
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
  for (auto& hook : transaction.takeCommitHooks()) {
    try {
      hook();
    } catch (const std::exception& e) {
      Poco::Logger::get("duka.db").error("an on-commit hook threw: %s", std::string(e.what()));
    }
  }
  events_.afterCommit(transaction.takeEvents());
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
  pool_->close();
}

}  // namespace duka::host
