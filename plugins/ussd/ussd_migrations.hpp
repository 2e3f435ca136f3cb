// The ussd plugin's table: which order each USSD session placed, so that a repeated final
// step answers the same order (SPEC 12).
#pragma once

#include <duka/database.hpp>
#include <vector>

namespace duka::ussd {

std::vector<Migration> schema();

}  // namespace duka::ussd
