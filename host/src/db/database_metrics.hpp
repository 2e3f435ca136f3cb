// addDatabaseGauges: the database's figures in GET /metrics: the connection pool and the
// SQLite writer's queue.
#pragma once

#include "db/sql_database.hpp"
#include "http/metrics/metrics_registry.hpp"

namespace duka::host {

// addDatabaseGauges registers duka_db_pool_size, duka_db_pool_open, duka_db_pool_in_use,
// duka_db_writes_queued, the pool's waits and wait timeouts, and on SQLite the writer's
// batch sizes (a histogram); db must outlive the registry's gauges.
void addDatabaseGauges(MetricsRegistry& metrics, const SqlDatabase& db);

}  // namespace duka::host
