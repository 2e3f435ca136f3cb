#include "db/database_metrics.hpp"

namespace duka::host {

void addDatabaseGauges(MetricsRegistry& metrics, const SqlDatabase& db) {
  const ConnectionPool& pool = db.pool();
  metrics.addGauge(
      "db_pool_size", "Database connections the pool may open ([database] pool_size)",
      [&pool] { return static_cast<double>(pool.size()); }, nullptr);
  metrics.addGauge(
      "db_pool_open", "Database connections open now",
      [&pool] { return static_cast<double>(pool.opened()); }, nullptr);
  metrics.addGauge(
      "db_pool_in_use", "Database connections leased now (the rest wait idle)",
      [&pool] { return static_cast<double>(pool.leased()); }, nullptr);
  metrics.addGauge(
      "db_writes_queued", "Writes waiting for the SQLite writer thread (0 on PostgreSQL)",
      [&db] { return static_cast<double>(db.writesQueued()); }, nullptr);
}

}  // namespace duka::host
