// The mpesa plugin's schema: payments, the receipts that count once, the status-query outbox.
#pragma once

#include <duka/database.hpp>
#include <vector>

namespace duka::mpesa {

std::vector<Migration> schema();

}  // namespace duka::mpesa
