// The orders plugin's schema: its migrations, in ascending version, on both backends.
#pragma once

#include <duka/database.hpp>
#include <vector>

namespace duka::orders {

std::vector<Migration> schema();

}  // namespace duka::orders
