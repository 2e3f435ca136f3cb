// AuditRepository: the audit_log table: append (chained), filtered pages, and the walk
// that verifies the chain.
#pragma once

#include <Poco/JSON/Object.h>

#include <duka/database.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit_chain.hpp"

namespace duka::audit {

struct AuditFilter {
  std::string entity, entityId, action, actor, since;
};

class AuditRepository {
 public:
  explicit AuditRepository(Database& db) : db_(db) {}

  // append fills row's prevHash, hash and id and stores it in tx.
  void append(Transaction& tx, AuditRow& row);
  std::vector<AuditRow> list(const AuditFilter& filter, std::int64_t limit, std::int64_t offset,
                             std::int64_t& count);
  // walk calls visit for every row in id order until it returns false.
  void walk(const std::function<bool(const AuditRow&)>& visit);

 private:
  Database& db_;
};

// rowJson is a row as GET /api/audit/ shows it.
Poco::JSON::Object::Ptr rowJson(const AuditRow& row);

}  // namespace duka::audit
