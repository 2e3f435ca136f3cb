// The outbox facility's SDK side: the courier's defaults and the table's helpers. The
// host runs the outbox (host/src/outbox).
#include "duka/facility/outbox.hpp"

#include <Poco/Timestamp.h>

namespace duka {

OutboxCourier::~OutboxCourier() = default;
void OutboxCourier::settled(const OutboxRow&, const OutboxSettlement&) {}
void OutboxCourier::record(Transaction&, const OutboxRow&, const OutboxSettlement&) {}

Outbox::~Outbox() = default;

std::vector<std::string> outboxIndexes(const std::string& table, const std::string& keyColumn) {
  return {"CREATE INDEX " + table + "_due ON " + table + " (status, next_attempt_ms)",
          "CREATE INDEX " + table + "_waiting ON " + table + " (" + keyColumn +
              ", id) WHERE status IN ('queued', 'sending')"};
}

std::int64_t outboxNowMs() {
  return Poco::Timestamp().epochMicroseconds() / 1000;
}

}  // namespace duka
