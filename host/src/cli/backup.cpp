#include "cli/backup.hpp"

#include <Poco/Util/Application.h>

#include <iostream>
#include <stdexcept>

#include "db/sqlite_backup.hpp"

namespace duka::host {

int backupDatabase(const DatabaseConfig& database, const std::string& file) {
  if (database.backend == Backend::Postgresql) {
    throw std::runtime_error(
        "--backup copies SQLite databases; back PostgreSQL up with pg_dump (e.g. pg_dump "
        "--format=custom --file=duka.dump DBNAME), restore with pg_restore");
  }
  const BackupResult copied = backupSqlite(database.path, file);
  std::cout << "backed up " << database.path << " to " << file << " (" << copied.pages << " pages, "
            << copied.bytes << " bytes)\n";
  return Poco::Util::Application::EXIT_OK;
}

}  // namespace duka::host
