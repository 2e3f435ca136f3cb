#include "customers_migrations.hpp"

namespace duka::customers {

std::vector<Migration> schema() {
  return {{.version = 1,
           .description = "customers",
           .statements = {"CREATE TABLE customers_customers ("
                          " id {{id}},"
                          " subject TEXT UNIQUE,"
                          " name TEXT NOT NULL,"
                          " code TEXT NOT NULL UNIQUE,"
                          " phone_number TEXT NOT NULL UNIQUE,"
                          " email TEXT,"
                          " created_at TEXT NOT NULL,"
                          " updated_at TEXT NOT NULL)"},
           .postgresql = {}},
          {.version = 2,
           .description = "a customer's SMS opt-out (SMS commands STOP and START)",
           .statements = {"ALTER TABLE customers_customers ADD COLUMN sms_opt_out INTEGER NOT "
                          "NULL DEFAULT 0"},
           .postgresql = {}}};
}

}  // namespace duka::customers
