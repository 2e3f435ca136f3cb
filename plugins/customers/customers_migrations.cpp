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
           .postgresql = {}}};
}

}  // namespace duka::customers
