// duka/plugins/audit/audit_trail.hpp: an audit entry as the API shows it, declared once, and
// what the audit plugin answers other plugins (orders shows an order's history), provided
// as "audit.trail". List "audit" in requires to look it up.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <duka/facility/pagination.hpp>
#include <duka/shape.hpp>
#include <string>

namespace duka::audit {

// AuditEntry is one event as it was recorded.
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::string action;  // the event's name
  std::string actor;   // the principal's subject, "" for none
  std::string entity;  // the event name's first word
  Poco::Dynamic::Var entityId;
  std::string requestId;
  Poco::Dynamic::Var data;  // the event's payload
  std::string hash;         // "" until sealed
};

inline const Shape<AuditEntry>& auditEntryShape() {
  static const Shape<AuditEntry> shape =
      Shape<AuditEntry>("AuditEntry", "One event, chained to the one before by its hash")
          .field("id", &AuditEntry::id, {.readOnly = true})
          .field("at", &AuditEntry::at, {.readOnly = true, .format = "date-time"})
          .field("action", &AuditEntry::action,
                 {.description = "The event, e.g. order.approved", .readOnly = true})
          .field("actor", &AuditEntry::actor,
                 {.description = "The subject who caused it", .nullable = true, .readOnly = true})
          .field("entity", &AuditEntry::entity,
                 {.description = "What it concerns, e.g. order", .readOnly = true})
          .field("entity_id", &AuditEntry::entityId,
                 {.description = "The entity's id: an integer, a text or null", .readOnly = true})
          .field("request_id", &AuditEntry::requestId, {.readOnly = true})
          .field("data", &AuditEntry::data,
                 {.description = "The event's payload", .readOnly = true})
          .field("hash", &AuditEntry::hash,
                 {.description = "SHA-256 over the entry and the previous hash; null until sealed",
                  .nullable = true,
                  .readOnly = true});
  return shape;
}

class AuditTrail {
 public:
  virtual ~AuditTrail() = default;
  // entries returns a page of the entries of one entity ("order", "42"), oldest first.
  virtual Listing<AuditEntry> entries(const std::string& entity, const std::string& entityId,
                                      const Page& page) const = 0;
};

inline constexpr const char* kAuditTrailService = "audit.trail";

}  // namespace duka::audit
