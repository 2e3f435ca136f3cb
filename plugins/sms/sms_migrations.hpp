// The sms plugin's schema: its migrations, in ascending version, on both backends.
#pragma once

#include <duka/database.hpp>
#include <vector>

namespace duka::sms {

std::vector<Migration> schema();

}  // namespace duka::sms
