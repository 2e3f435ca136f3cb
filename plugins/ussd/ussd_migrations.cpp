#include "ussd_migrations.hpp"

namespace duka::ussd {

std::vector<Migration> schema() {
  return {{.version = 1,
           .description = "the order each USSD session placed",
           .statements = {"CREATE TABLE ussd_sessions ("
                          " session_id TEXT PRIMARY KEY,"
                          " order_id BIGINT NOT NULL,"
                          " created_at TEXT NOT NULL)"},
           .postgresql = {}}};
}

}  // namespace duka::ussd
