// The audit plugin: one hash-chained row per event, written in the event's own
// transaction, never updated or deleted; the staff's view of it and its verification.
#include <duka/sdk.hpp>
#include <memory>

#include "audit_repository.hpp"
#include "audit_sealer.hpp"
#include "audit_trail.hpp"

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

class Trail : public AuditTrail {
 public:
  explicit Trail(AuditRepository& rows) : rows_(rows) {}
  Poco::JSON::Array::Ptr entries(const std::string& entity,
                                 const std::string& entityId) const override {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    std::int64_t count = 0;
    for (const auto& row : rows_.list({entity, entityId, "", "", ""}, 1000, 0, count))
      list->add(rowJson(row));
    return list;
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

  std::vector<Migration> migrations() const override { return AuditRepository::migrations(); }

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
                          .summary = "Audit rows (?entity=&entity_id=&action=&actor=&since=)",
                          .responseSchema = listSchema(kAuditRowSchema)});
    context.routes().add(
        {.method = "GET",
         .path = "/api/audit/verify/",
         .access = Access::Staff,
         .handler = [this](Request&) { return verify(); },
         .summary = "Walk the sealed hash chain: {ok, rows, unsealed} or the first broken id",
         .responseSchema = R"({"type":"object","properties":{"ok":{"type":"boolean"},)"
                           R"("rows":{"type":"integer"},"unsealed":{"type":"integer"},)"
                           R"("first_broken_id":{"type":"integer"}}})"});
    context.services().provide<AuditTrail>(kAuditTrailService, std::make_shared<Trail>(*rows_));
    if (!rows_->sealsOnAppend())
      sealer_ = std::make_unique<AuditSealer>(context.db(), *rows_, context.log());
    context.metrics().gauge(
        "audit_unsealed_rows", "Audit rows committed but not yet sealed",
        [this] { return sealer_ ? static_cast<double>(sealer_->unsealedRows()) : 0.0; });
    context.metrics().gauge(
        "audit_seal_lag_seconds",
        "How long the oldest unsealed audit row has waited for its seal (0: none waits)",
        [this] { return sealer_ ? sealer_->lagSeconds() : 0.0; });
  }

  // started starts the sealer once every plugin runs, so the first pass finds the schema
  // and the database as the server will use them.
  void started(PluginContext&) override {
    if (sealer_)
      sealer_->start();
  }

  void stop() override {
    if (sealer_)
      sealer_->stop();
  }

 private:
  Response list(Request& request) {
    const Page page = Page::of(request);
    AuditFilter filter{request.query("entity").value_or(""),
                       request.query("entity_id").value_or(""),
                       request.query("action").value_or(""), request.query("actor").value_or(""),
                       request.query("since").value_or("")};
    if (!filter.since.empty() && !isTimestamp(filter.since))
      throw badRequest("since must be an RFC 3339 UTC time.",
                       {{"since", {"must look like 2026-11-25T08:00:00Z"}}});
    std::int64_t count = 0;
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const auto& row : rows_->list(filter, page.limit, page.offset, count))
      results->add(rowJson(row));
    return Response::json(200, page.envelope(request, count, results));
  }

  Response verify() {
    std::int64_t rows = 0, brokenId = 0;
    std::string previous = kGenesisHash;
    rows_->walk([&](const AuditRow& row) {
      ++rows;
      if (row.prevHash != previous || chainHash(row) != row.hash) {
        brokenId = row.id;
        return false;
      }
      previous = row.hash;
      return true;
    });
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("ok", brokenId == 0);
    body->set("rows", rows);
    body->set("unsealed", rows_->unsealed().count);
    if (brokenId != 0)
      body->set("first_broken_id", brokenId);
    return Response::json(200, body);
  }

  std::unique_ptr<AuditRepository> rows_;
  std::unique_ptr<AuditSealer> sealer_;  // PostgreSQL only
};

}  // namespace duka::audit

DUKA_PLUGIN(duka::audit::AuditPlugin)
