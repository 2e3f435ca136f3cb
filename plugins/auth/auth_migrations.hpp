// The auth plugin's schema: its migrations, in ascending version, on both backends.
#pragma once

#include <duka/database.hpp>
#include <vector>

namespace duka::auth {

std::vector<Migration> schema();

}  // namespace duka::auth
