// backupDatabase: `duka --backup=FILE`: a consistent copy of the SQLite database while duka
// serves; PostgreSQL is backed up with pg_dump, and the answer says so.
#pragma once

#include <string>

#include "config/host_config.hpp"

namespace duka::host {

// backupDatabase copies the database to file, prints what it copied and returns the exit
// status; it throws with a message for the operator on PostgreSQL or a failed copy.
int backupDatabase(const DatabaseConfig& database, const std::string& file);

}  // namespace duka::host
