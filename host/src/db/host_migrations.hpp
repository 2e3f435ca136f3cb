// hostMigrations: the tables of the host itself, migrated as the plugin "duka" before every
// plugin's steps (duka_migrations records them like a plugin's).
#pragma once

#include <vector>

#include "duka/database.hpp"

namespace duka::host {

inline constexpr const char* kHostMigrationsName = "duka";

std::vector<Migration> hostMigrations();

}  // namespace duka::host
