// AuditRepository: the audit_log table: append, the seal that extends the chain, filtered
// pages, and the walk that verifies the chain (docs/design/postgresql-scale-out.md).
#pragma once

#include <duka/database.hpp>
#include <duka/events.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/plugins/audit/audit_trail.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit_chain.hpp"

namespace duka::audit {

struct AuditFilter {
  std::string entity, entityId, action, actor, since;
};

// UnsealedRows is what waits for the sealer: how many rows, and the oldest and newest ids
// among them (0 when none waits).
struct UnsealedRows {
  std::int64_t count = 0;
  std::int64_t oldestId = 0;
  std::int64_t newestId = 0;
};

// ChainEnd is the last sealed row's place in the chain and its hash.
struct ChainEnd {
  std::int64_t seq = 0;
  std::string hash;
};

// SealPlan is the seals of the rows that waited, worked out on top of the chain's end as it
// was read.
struct SealPlan {
  ChainEnd after;
  std::vector<AuditRow> rows;  // seq, prevHash and hash filled in
};

class AuditRepository {
 public:
  // kSealBatch is the most rows one sealing pass seals.
  static constexpr std::int64_t kSealBatch = 500;
  // kSealStatementRows is the most rows one statement of a seal stores (a power of two).
  static constexpr std::size_t kSealStatementRows = 128;

  explicit AuditRepository(Database& db) : db_(db) {}

  // append stores row in tx, unsealed: seal() seals it after the commit.
  void append(Transaction& tx, const AuditRow& row);
  // planSeal reads up to kSealBatch unsealed rows, oldest id first, and the chain's end, and
  // works out their seals, outside any write.
  SealPlan planSeal();
  // seal stores plan's seals in tx when this transaction wins the sealer's lock and the
  // chain still ends where the plan read it; it returns how many rows it sealed, or nullopt
  // when another sealer holds the lock or has sealed since (plan again).
  std::optional<std::int64_t> seal(Transaction& tx, const SealPlan& plan);
  // unsealed samples the rows waiting for a seal.
  UnsealedRows unsealed();

  Listing<AuditRow> list(const AuditFilter& filter, const Page& page);
  // walk calls visit for every sealed row in chain order until it returns false.
  void walk(const std::function<bool(const AuditRow&)>& visit);

 private:
  Database& db_;
};

// rowOf is the row an event leaves: its name, actor, entity (the name's first part) and id
// (the payload's "id", else its "sub"), request id and payload; unsealed.
AuditRow rowOf(const Event& event);
// entryOf is a row as GET /api/audit/ shows it.
AuditEntry entryOf(const AuditRow& row);

}  // namespace duka::audit
