// The audit plugin: one hash-chained row per event, written in the event's own
// transaction, never updated or deleted; the staff's view of it and its verification.
#include <duka/plugins/audit/audit_trail.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "audit_migrations.hpp"
#include "audit_repository.hpp"
#include "audit_sealer.hpp"

namespace duka::audit {

namespace {

// idOf reads the entity id of a payload: its "id", else its "sub" (auth events).
std::string idOf(const Poco::JSON::Object::Ptr& payload) {
  for (const char* key : {"id", "sub"}) {
    if (payload && payload->has(key) && !payload->isNull(key))
      return payload->get(key).toString();
  }
  return "";
}

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

class Trail : public AuditTrail {
 public:
  explicit Trail(AuditRepository& rows) : rows_(rows) {}
  Listing<AuditEntry> entries(const std::string& entity, const std::string& entityId,
                              const Page& page) const override {
    const Listing<AuditRow> rows = rows_.list({entity, entityId, "", "", ""}, page);
    Listing<AuditEntry> listing{rows.count, {}};
    for (const auto& row : rows.results)
      listing.results.push_back(entryOf(row));
    return listing;
  }

 private:
  AuditRepository& rows_;
};

}  // namespace

class AuditPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "audit",
            .version = "1.0.0",
            .description = "Hash-chained log of every event",
            .requiredPlugins = {}};
  }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    rows_ = std::make_unique<AuditRepository>(context.db());
    context.events().subscribe("*", [this](const Event& event, Transaction& tx) {
      AuditRow row;
      row.at = event.at;
      row.action = event.name;
      row.actor = event.context.actor ? event.context.actor->subject : "";
      row.entity = event.name.substr(0, event.name.find('.'));
      row.entityId = idOf(event.payload);
      row.requestId = event.context.requestId;
      row.data = event.payload ? toJson(event.payload) : "null";
      rows_->append(tx, row);
    });
    context.routes().add({.method = "GET",
                          .path = "/api/audit/",
                          .access = Access::Staff,
                          .handler = [this](Request& r) { return list(r); },
                          .summary = "Audit rows, oldest first",
                          .response = &auditEntryShape(),
                          .list = true,
                          .query = &filterShape()});
    context.routes().add(
        {.method = "GET",
         .path = "/api/audit/verify/",
         .access = Access::Staff,
         .handler = [this](Request&) { return verify(); },
         .summary = "Walk the sealed hash chain: {ok, rows, unsealed} or the first broken id",
         .response = &verificationShape()});
    context.services().provide<AuditTrail>(kAuditTrailService, std::make_shared<Trail>(*rows_));
    sealer_ = std::make_unique<AuditSealer>(context.db(), *rows_);
    context.every(AuditSealer::kInterval, "seal",
                  [this](std::stop_token stop) { sealer_->run(stop); });
    context.metrics().gauge("audit_unsealed_rows", "Audit rows committed but not yet sealed",
                            [this] { return static_cast<double>(sealer_->unsealedRows()); });
    context.metrics().gauge(
        "audit_seal_lag_seconds",
        "How long the oldest unsealed audit row has waited for its seal (0: none waits)",
        [this] { return sealer_->lagSeconds(); });
  }

 private:
  Response list(Request& request) {
    const Page page = Page::of(request);
    const AuditFilter filter = filterShape().query(request);
    if (!filter.since.empty() && !isTimestamp(filter.since))
      throw badRequest("since must be an RFC 3339 UTC time.",
                       {{"since", {"must look like 2026-11-25T08:00:00Z"}}});
    const Listing<AuditRow> rows = rows_->list(filter, page);
    Listing<AuditEntry> listing{rows.count, {}};
    for (const auto& row : rows.results)
      listing.results.push_back(entryOf(row));
    return page.answer(request, auditEntryShape(), listing);
  }

  Response verify() {
    Verification verification;
    std::string previous = kGenesisHash;
    rows_->walk([&](const AuditRow& row) {
      ++verification.rows;
      if (row.prevHash != previous || chainHash(row) != row.hash) {
        verification.firstBrokenId = row.id;
        return false;
      }
      previous = row.hash;
      return true;
    });
    verification.ok = !verification.firstBrokenId;
    verification.unsealed = rows_->unsealed().count;
    return verificationShape().answer(200, verification);
  }

  std::unique_ptr<AuditRepository> rows_;
  std::unique_ptr<AuditSealer> sealer_;
};

}  // namespace duka::audit

DUKA_PLUGIN(duka::audit::AuditPlugin)
