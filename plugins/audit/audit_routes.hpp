// AuditRoutes: the staff's view of the audit log: GET /api/audit/ (filtered pages, oldest
// first) and GET /api/audit/verify/ (the sealed chain walked).
#pragma once

#include <duka/sdk.hpp>

#include "audit_repository.hpp"

namespace duka::audit {

class AuditRoutes {
 public:
  explicit AuditRoutes(AuditRepository& rows) : rows_(rows) {}

  void addTo(Router& router);

 private:
  Response list(Request& request);
  Response verify();

  AuditRepository& rows_;
};

}  // namespace duka::audit
