// AuditTrail: what the audit plugin answers other plugins (orders shows an order's
// history), registered as "audit.trail". Declare "audit" in your requires to use it.
#pragma once

#include <Poco/JSON/Array.h>

#include <string>

namespace duka::audit {

class AuditTrail {
 public:
  virtual ~AuditTrail() = default;
  // entries returns the audit rows of one entity ("order", "42"), oldest first, each as
  // GET /api/audit/ shows it.
  virtual Poco::JSON::Array::Ptr entries(const std::string& entity,
                                         const std::string& entityId) const = 0;
};

inline constexpr const char* kAuditTrailService = "audit.trail";

}  // namespace duka::audit
