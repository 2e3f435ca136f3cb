#include "db/database_metrics.hpp"

#include "db/sqlite_writer.hpp"

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
  metrics.addSection([&pool](std::string& out) {
    out +=
        "# HELP duka_db_pool_waits_total Leases that found every database connection busy "
        "and waited.\n# TYPE duka_db_pool_waits_total counter\nduka_db_pool_waits_total " +
        std::to_string(pool.waits()) + "\n";
    out +=
        "# HELP duka_db_pool_wait_timeouts_total Waits for a database connection that "
        "passed the limit (answered 503).\n# TYPE duka_db_pool_wait_timeouts_total "
        "counter\nduka_db_pool_wait_timeouts_total " +
        std::to_string(pool.waitTimeouts()) + "\n";
  });
  const SqliteWriter* writer = db.writer();
  if (!writer)
    return;
  metrics.addSection([writer](std::string& out) {
    const SqliteWriter::BatchSizes sizes = writer->batchSizes();
    const std::string name = "duka_sqlite_writer_batch_size";
    out += "# HELP " + name + " Writes committed together by the SQLite writer, per commit.\n";
    out += "# TYPE " + name + " histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < sizes.batches.size(); ++i) {
      cumulative += sizes.batches[i];
      out += name + "_bucket{le=\"" + std::to_string(SqliteWriter::kBatchBounds[i]) + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += name + "_bucket{le=\"+Inf\"} " + std::to_string(sizes.count) + "\n";
    out += name + "_sum " + std::to_string(sizes.writes) + "\n";
    out += name + "_count " + std::to_string(sizes.count) + "\n";
  });
}

}  // namespace duka::host
