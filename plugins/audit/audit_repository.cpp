#include "audit_repository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Parser.h>

#include <duka/sql.hpp>

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::range;
using Poco::Data::Keywords::use;

namespace duka::audit {

namespace {

constexpr const char* kColumns =
    "id, at, action, actor, entity, entity_id, request_id, data, prev_hash, hash";
// kChainLock is the PostgreSQL advisory lock that makes appends take turns.
constexpr Poco::Int64 kChainLock = 0x6475'6B61'6175'6474;  // "dukaaudt"

struct Row {
  AuditRow row;
  template <class Statement>
  void bind(Statement& statement) {
    statement, into(row.id), into(row.at), into(row.action), into(row.actor), into(row.entity),
        into(row.entityId), into(row.requestId), into(row.data), into(row.prevHash), into(row.hash);
  }
};

}  // namespace

Poco::JSON::Object::Ptr rowJson(const AuditRow& row) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("id", row.id);
  json->set("at", row.at);
  json->set("action", row.action);
  json->set("actor", row.actor.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(row.actor));
  json->set("entity", row.entity);
  const bool numeric = !row.entityId.empty() && row.entityId.size() < 19 &&
                       row.entityId.find_first_not_of("0123456789") == std::string::npos;
  json->set("entity_id", row.entityId.empty() ? Poco::Dynamic::Var()
                         : numeric            ? Poco::Dynamic::Var(std::stoll(row.entityId))
                                              : Poco::Dynamic::Var(row.entityId));
  json->set("request_id", row.requestId);
  try {
    json->set("data", Poco::JSON::Parser().parse(row.data));
  } catch (const Poco::Exception&) {
    json->set("data", row.data);
  }
  json->set("hash", row.hash);
  return json;
}

void AuditRepository::append(Transaction& tx, AuditRow& row) {
  if (tx.backend() == Backend::Postgresql) {
    // Concurrent transactions would otherwise read the same last hash and fork the chain;
    // the lock holds until this transaction ends. (SQLite's writers already take turns.)
    Poco::Int64 lock = kChainLock;
    tx.session() << "SELECT pg_advisory_xact_lock($1)", use(lock), now;
  }
  std::string last;
  runSql(tx.session(), "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", {},
         [&](const SqlRow& found) { last = found.text(0); });
  row.prevHash = last.empty() ? kGenesisHash : last;
  row.hash = chainHash(row);
  row.id = insertSql(tx,
                     "INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, "
                     "data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                     {row.at, row.action, row.actor, row.entity, row.entityId, row.requestId,
                      row.data, row.prevHash, row.hash});
}

std::vector<AuditRow> AuditRepository::list(const AuditFilter& filter, std::int64_t limit,
                                            std::int64_t offset, std::int64_t& count) {
  DbSession session = db_.session();
  AuditFilter f = filter;
  Poco::Int64 total = 0, lim = limit, off = offset;
  // Each filter is "empty or equal", so one statement serves every combination.
  const std::string where =
      " FROM audit_log WHERE ($1 = '' OR entity = $1) AND ($2 = '' OR entity_id = $2) AND "
      "($3 = '' OR action = $3) AND ($4 = '' OR actor = $4) AND ($5 = '' OR at >= $5)";
  *session << "SELECT COUNT(*)" + where, use(f.entity), use(f.entityId), use(f.action),
      use(f.actor), use(f.since), into(total), now;
  count = total;
  std::vector<AuditRow> rows;
  Row row;
  Poco::Data::Statement select(*session);
  select << "SELECT " + std::string(kColumns) + where + " ORDER BY id LIMIT $6 OFFSET $7",
      use(f.entity), use(f.entityId), use(f.action), use(f.actor), use(f.since), use(lim), use(off);
  row.bind(select);
  select, range(0, 1);
  while (!select.done()) {
    if (select.execute() > 0)
      rows.push_back(row.row);
  }
  return rows;
}

void AuditRepository::walk(const std::function<bool(const AuditRow&)>& visit) {
  DbSession session = db_.session();
  Row row;
  Poco::Data::Statement select(*session);
  select << "SELECT " + std::string(kColumns) + " FROM audit_log ORDER BY id";
  row.bind(select);
  select, range(0, 1);
  while (!select.done()) {
    if (select.execute() > 0 && !visit(row.row))
      return;
  }
}

}  // namespace duka::audit
