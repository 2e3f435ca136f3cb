// backupSqlite: `duka --backup=FILE`: a consistent copy of a SQLite database, taken with
// SQLite's online backup API while duka serves.
#pragma once

#include <string>

namespace duka::host {

struct BackupResult {
  long long pages = 0;
  long long bytes = 0;
};

// backupSqlite copies the database at source to target: the database at one moment, what
// its WAL holds included. The copy is read in one step under a read snapshot, which in WAL
// mode never blocks duka's writers; it is written to target + ".partial" (0600 under duka's
// umask), synced, and renamed to target. An existing target is refused, as is a source that
// does not exist. Failures throw std::runtime_error naming the file.
BackupResult backupSqlite(const std::string& source, const std::string& target);

}  // namespace duka::host
