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

// kAuditRowSchema is the JSON Schema of one audit row, for OpenAPI documents.
inline constexpr const char* kAuditRowSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"at":{"type":"string"},)"
    R"("action":{"type":"string"},"actor":{"type":["string","null"]},)"
    R"("entity":{"type":"string"},"entity_id":{"type":["integer","string","null"]},)"
    R"("request_id":{"type":"string"},"data":{},"hash":{"type":["string","null"]}}})";

}  // namespace duka::audit
