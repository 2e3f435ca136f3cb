#include "webhooks_migrations.hpp"

#include <duka/facility/outbox.hpp>

namespace duka::webhooks {

std::vector<Migration> schema() {
  std::vector<std::string> statements{
      "CREATE TABLE webhooks_endpoints ("
      " id {{id}},"
      " url TEXT NOT NULL,"
      " events TEXT NOT NULL,"
      " description TEXT NOT NULL DEFAULT '',"
      " active INTEGER NOT NULL,"
      " disabled_reason TEXT,"
      " secret TEXT NOT NULL,"
      " previous_secret TEXT,"
      " previous_until_ms BIGINT NOT NULL DEFAULT 0,"
      " failing_since_ms BIGINT NOT NULL DEFAULT 0,"
      " created_at TEXT NOT NULL,"
      " updated_at TEXT NOT NULL)",
      // entity: the endpoint and what the event is about ("3:order:42"), the outbox's key,
      // so one endpoint's deliveries about one entity go in order.
      "CREATE TABLE webhooks_deliveries ("
      " id {{id}},"
      " endpoint_id BIGINT NOT NULL,"
      " message_id TEXT NOT NULL,"
      " event TEXT NOT NULL,"
      " event_id TEXT NOT NULL,"
      " entity TEXT NOT NULL,"
      " body TEXT NOT NULL,"
      " last_status_code INTEGER NOT NULL DEFAULT 0,"
      " delivered_at TEXT,"
      " created_at TEXT NOT NULL, " +
          std::string(kOutboxColumns) + ")",
      "CREATE INDEX webhooks_deliveries_endpoint ON webhooks_deliveries (endpoint_id, id)",
      "CREATE TABLE webhooks_attempts ("
      " id {{id}},"
      " delivery_id BIGINT NOT NULL,"
      " at TEXT NOT NULL,"
      " status_code INTEGER NOT NULL,"
      " duration_ms BIGINT NOT NULL,"
      " error TEXT NOT NULL,"
      " response_excerpt TEXT NOT NULL)",
      "CREATE INDEX webhooks_attempts_delivery ON webhooks_attempts (delivery_id, id)"};
  for (const auto& index : outboxIndexes("webhooks_deliveries", "entity"))
    statements.push_back(index);
  return {{.version = 1,
           .description = "endpoints, deliveries (an outbox) and their attempts",
           .statements = statements,
           .postgresql = {}}};
}

}  // namespace duka::webhooks
