#include "db/sqlite_backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

namespace duka::host {

namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;

DatabaseHandle open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  DatabaseHandle handle(db);
  if (rc != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path + ": " +
                             (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
  // A writer holding the lock at the start makes the first read wait, not fail.
  sqlite3_busy_timeout(db, 10000);
  return handle;
}

}  // namespace

BackupResult backupSqlite(const std::string& source, const std::string& target) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source, ec))
    throw std::runtime_error("no SQLite database at " + source);
  if (target.empty() || target.back() == '/' || std::filesystem::is_directory(target, ec))
    throw std::runtime_error("--backup needs a file name to write, such as var/duka-backup.db");
  if (std::filesystem::exists(target, ec))
    throw std::runtime_error(target + " exists already; name a new file");
  const std::filesystem::path folder = std::filesystem::path(target).has_parent_path()
                                           ? std::filesystem::path(target).parent_path()
                                           : std::filesystem::path(".");
  if (!std::filesystem::is_directory(folder, ec))
    throw std::runtime_error("the folder " + folder.string() + " does not exist; create it first");
  const std::string partial = target + ".partial";
  std::filesystem::remove(partial, ec);

  // Read-write, as duka's own connections open it: a WAL database needs its -shm.
  DatabaseHandle from = open(source, SQLITE_OPEN_READWRITE);
  DatabaseHandle to = open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  BackupResult result;
  {
    sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
    if (!backup)
      throw std::runtime_error("cannot back up to " + partial + ": " + sqlite3_errmsg(to.get()));
    // All pages in one step: one read snapshot, so the copy is consistent even while duka
    // writes (stepping in parts would restart at every commit of a busy server).
    int rc = SQLITE_OK;
    do {
      rc = sqlite3_backup_step(backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    result.pages = sqlite3_backup_pagecount(backup);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      to.reset();
      std::filesystem::remove(partial, ec);
      throw std::runtime_error("the backup of " + source + " failed: " + sqlite3_errstr(rc));
    }
  }
  // The copy is one file: no WAL to carry along, and on disk before it gets its name.
  char* error = nullptr;
  if (sqlite3_exec(to.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, &error) !=
      SQLITE_OK) {
    const std::string why = error ? error : "unknown error";
    sqlite3_free(error);
    to.reset();
    std::filesystem::remove(partial, ec);
    throw std::runtime_error("cannot finish " + partial + ": " + why);
  }
  to.reset();
  std::filesystem::rename(partial, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw std::runtime_error("cannot name the copy " + target + ": " + ec.message());
  }
  result.bytes = static_cast<long long>(std::filesystem::file_size(target));
  return result;
}

}  // namespace duka::host
