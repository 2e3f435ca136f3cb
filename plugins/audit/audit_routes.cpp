#include "audit_routes.hpp"

#include "audit_chain.hpp"

namespace duka::audit {

namespace {

bool isTimestamp(const std::string& text) {
  // RFC 3339 UTC as duka writes it: 2026-11-25T08:00:00Z (a prefix such as a date is fine).
  static const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.empty() || text.size() > shape.size())
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (shape[i] == 'd' ? !digit : text[i] != shape[i])
      return false;
  }
  return true;
}

const Shape<AuditFilter>& filterShape() {
  static const Shape<AuditFilter> shape =
      Shape<AuditFilter>("AuditFilter")
          .field("entity", &AuditFilter::entity, {.description = "e.g. order"})
          .field("entity_id", &AuditFilter::entityId, {.description = "e.g. 42"})
          .field("action", &AuditFilter::action, {.description = "The event, e.g. order.approved"})
          .field("actor", &AuditFilter::actor, {.description = "The subject who caused it"})
          .field("since", &AuditFilter::since,
                 {.description = "Entries at or after this RFC 3339 UTC time (or a prefix of "
                                 "one, such as a date)",
                  .maxLength = 20});
  return shape;
}

// Verification is what GET /api/audit/verify/ answers.
struct Verification {
  bool ok = true;
  std::int64_t rows = 0;
  std::int64_t unsealed = 0;
  std::optional<std::int64_t> firstBrokenId;
};

const Shape<Verification>& verificationShape() {
  static const Shape<Verification> shape =
      Shape<Verification>("AuditVerification", "The sealed chain, walked")
          .field("ok", &Verification::ok, {.description = "Every sealed row's hash holds"})
          .field("rows", &Verification::rows, {.description = "The rows walked"})
          .field("unsealed", &Verification::unsealed,
                 {.description = "Rows committed but not yet sealed"})
          .field("first_broken_id", &Verification::firstBrokenId,
                 {.description = "The first row whose hash does not hold", .nullable = true});
  return shape;
}

}  // namespace

void AuditRoutes::addTo(Router& router) {
  router.add({.method = "GET",
              .path = "/api/audit/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Audit rows, oldest first",
              .response = &auditEntryShape(),
              .list = true,
              .query = &filterShape(),
              .scope = "audit:read"});
  router.add({.method = "GET",
              .path = "/api/audit/verify/",
              .access = Access::Staff,
              .handler = [this](Request&) { return verify(); },
              .summary = "Walk the sealed hash chain: {ok, rows, unsealed} or the first broken id",
              .response = &verificationShape(),
              .scope = "audit:read"});
}

Response AuditRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const AuditFilter filter = filterShape().query(request);
  if (!filter.since.empty() && !isTimestamp(filter.since))
    throw badRequest("since must be an RFC 3339 UTC time.",
                     {{"since", {"must look like 2026-11-25T08:00:00Z"}}});
  const Listing<AuditRow> rows = rows_.list(filter, page);
  Listing<AuditEntry> listing{rows.count, {}};
  for (const auto& row : rows.results)
    listing.results.push_back(entryOf(row));
  return page.answer(request, auditEntryShape(), listing);
}

Response AuditRoutes::verify() {
  Verification verification;
  std::string previous = kGenesisHash;
  rows_.walk([&](const AuditRow& row) {
    ++verification.rows;
    if (row.prevHash != previous || chainHash(row) != row.hash) {
      verification.firstBrokenId = row.id;
      return false;
    }
    previous = row.hash;
    return true;
  });
  verification.ok = !verification.firstBrokenId;
  verification.unsealed = rows_.unsealed().count;
  return verificationShape().answer(200, verification);
}

}  // namespace duka::audit
