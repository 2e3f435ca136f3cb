// The webhooks plugin's tables: the endpoints, the deliveries (an outbox: the host's columns
// beside its own) and each delivery's attempts.
#pragma once

#include <duka/database.hpp>
#include <vector>

namespace duka::webhooks {

std::vector<Migration> schema();

}  // namespace duka::webhooks
