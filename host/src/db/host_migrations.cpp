#include "db/host_migrations.hpp"

namespace duka::host {

std::vector<Migration> hostMigrations() {
  return {
      {.version = 1,
       .description = "Idempotency-Keys of the routes that declare them",
       // state: running (claimed), committed (the request wrote), done (answer stored).
       .statements = {"CREATE TABLE duka_idempotency_keys ("
                      " subject TEXT NOT NULL,"
                      " idem_key TEXT NOT NULL,"
                      " request_hash TEXT NOT NULL,"
                      " state TEXT NOT NULL,"
                      " status INTEGER NOT NULL,"
                      " body TEXT NOT NULL,"
                      " created_unix BIGINT NOT NULL,"
                      " PRIMARY KEY (subject, idem_key))",
                      "CREATE INDEX duka_idempotency_keys_created ON duka_idempotency_keys "
                      "(created_unix)"},
       .postgresql = {}},
  };
}

}  // namespace duka::host
