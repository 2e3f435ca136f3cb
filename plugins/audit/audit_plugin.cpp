// The audit plugin: one hash-chained row per event, written in the event's own
// transaction, never updated or deleted; the staff's view of it and its verification.
#include <Poco/String.h>

#include <duka/sdk.hpp>
#include <memory>

#include "audit_repository.hpp"
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

  std::vector<Migration> migrations() const override {
    const std::vector<std::string> table = {
        "CREATE TABLE audit_log ("
        " id {{id}},"
        " at TEXT NOT NULL,"
        " action TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " entity TEXT NOT NULL,"
        " entity_id TEXT NOT NULL,"
        " request_id TEXT NOT NULL,"
        " data TEXT NOT NULL,"
        " prev_hash TEXT NOT NULL,"
        " hash TEXT NOT NULL)",
        "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)"};
    // The append-only guard: triggers that refuse UPDATE and DELETE, in each dialect.
    std::vector<std::string> sqlite = table, postgresql = table;
    sqlite.push_back(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END");
    sqlite.push_back(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END");
    postgresql.push_back(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'audit rows are append-only'; END $$ LANGUAGE plpgsql");
    postgresql.push_back(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()");
    // SQLite: the log rebuilt without AUTOINCREMENT, which reads and writes sqlite_sequence
    // on every append. Rows are never deleted (the triggers refuse it), so rowids are never
    // reused all the same. The table of migration 1 with a plain rowid; the old table takes its
    // index and triggers along when dropped.
    std::vector<std::string> rebuild = {
        "ALTER TABLE audit_log RENAME TO audit_log_v1",
        Poco::replace(table[0], std::string("{{id}}"), std::string("INTEGER PRIMARY KEY")),
        "INSERT INTO audit_log (id, at, action, actor, entity, entity_id, request_id, data, "
        "prev_hash, hash) SELECT id, at, action, actor, entity, entity_id, request_id, data, "
        "prev_hash, hash FROM audit_log_v1",
        "DROP TABLE audit_log_v1"};
    rebuild.insert(rebuild.end(), sqlite.begin() + 1, sqlite.end());  // index and triggers
    return {{.version = 1,
             .description = "append-only audit log",
             .statements = sqlite,
             .postgresql = postgresql},
            {.version = 2,
             .description = "audit log without AUTOINCREMENT (SQLite)",
             .statements = rebuild,
             // PostgreSQL's BIGSERIAL costs nothing per insert; only the rule is written down.
             .postgresql = {"COMMENT ON TABLE audit_log IS "
                            "'Append-only and hash-chained: rows are never changed or deleted.'"}}};
  }

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
         .summary = "Walk the hash chain: {ok, rows} or the first broken id",
         .responseSchema = R"({"type":"object","properties":{"ok":{"type":"boolean"},)"
                           R"("rows":{"type":"integer"},"first_broken_id":{"type":"integer"}}})"});
    context.services().provide<AuditTrail>(kAuditTrailService, std::make_shared<Trail>(*rows_));
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
    if (brokenId != 0)
      body->set("first_broken_id", brokenId);
    return Response::json(200, body);
  }

  std::unique_ptr<AuditRepository> rows_;
};

}  // namespace duka::audit

DUKA_PLUGIN(duka::audit::AuditPlugin)
