#include "audit_repository.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <duka/http.hpp>
#include <duka/rows.hpp>

namespace duka::audit {

namespace {

const Rows<AuditRow> kAuditRows = Rows<AuditRow>("audit_log")
                                      .column("id", &AuditRow::id)
                                      .column("at", &AuditRow::at)
                                      .column("action", &AuditRow::action)
                                      .column("actor", &AuditRow::actor)
                                      .column("entity", &AuditRow::entity)
                                      .column("entity_id", &AuditRow::entityId)
                                      .column("request_id", &AuditRow::requestId)
                                      .column("data", &AuditRow::data)
                                      .column("seq", &AuditRow::seq)
                                      .column("prev_hash", &AuditRow::prevHash)
                                      .column("hash", &AuditRow::hash);

// idOf reads the entity id of a payload: its "id", else its "sub" (auth events).
std::string idOf(const Poco::JSON::Object::Ptr& payload) {
  for (const char* key : {"id", "sub"}) {
    if (payload && payload->has(key) && !payload->isNull(key))
      return payload->get(key).toString();
  }
  return "";
}

}  // namespace

AuditRow rowOf(const Event& event) {
  AuditRow row;
  row.at = event.at;
  row.action = event.name;
  row.actor = event.context.actor ? event.context.actor->subject : "";
  row.entity = event.name.substr(0, event.name.find('.'));
  row.entityId = idOf(event.payload);
  row.requestId = event.context.requestId;
  row.data = event.payload ? toJson(event.payload) : "null";
  return row;
}

AuditEntry entryOf(const AuditRow& row) {
  AuditEntry entry{.id = row.id,
                   .at = row.at,
                   .action = row.action,
                   .actor = row.actor,
                   .entity = row.entity,
                   .entityId = {},
                   .requestId = row.requestId,
                   .data = {},
                   .hash = row.hash};
  const bool numeric = !row.entityId.empty() && row.entityId.size() < 19 &&
                       row.entityId.find_first_not_of("0123456789") == std::string::npos;
  if (numeric)
    entry.entityId = static_cast<Poco::Int64>(std::stoll(row.entityId));
  else if (!row.entityId.empty())
    entry.entityId = row.entityId;
  try {
    entry.data = Poco::JSON::Parser().parse(row.data);
  } catch (const Poco::Exception&) {
    entry.data = row.data;
  }
  return entry;
}

void AuditRepository::append(Transaction& tx, const AuditRow& row) {
  // Written unsealed; the sealer links it into the chain after the commit.
  tx.run(
      "INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, data) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {row.at, row.action, row.actor, row.entity, row.entityId, row.requestId, row.data});
}

namespace {

// chainEnd reads the last sealed row's seq and hash (0 and the genesis hash on an empty chain).
ChainEnd chainEnd(SqlSession& session) {
  ChainEnd end{0, kGenesisHash};
  session.run("SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1", {},
              [&](const SqlRow& found) {
                end.seq = found.integer(0);
                end.hash = found.text(1);
              });
  return end;
}

// sealStatementRows is how many of `left` rows the next seal statement stores: the largest
// power of two up to kSealStatementRows that fits, so that only a few texts are ever prepared.
std::size_t sealStatementRows(std::size_t left) {
  std::size_t count = AuditRepository::kSealStatementRows;
  while (count > left)
    count /= 2;
  return count;
}

// sealStatement stores the seals of `count` rows, given as (id, seq, prev_hash, hash) each.
const std::string& sealStatement(std::size_t count) {
  static const std::vector<std::string> statements = [] {
    std::vector<std::string> texts(AuditRepository::kSealStatementRows + 1);
    for (std::size_t rows = 1; rows <= AuditRepository::kSealStatementRows; rows *= 2) {
      std::string text = "WITH seal (id, seq, prev_hash, hash) AS (VALUES ";
      for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t column = 1; column <= 4; ++column) {
          // PostgreSQL reads a bare parameter in VALUES as text: the numbers say what they are.
          const bool number = column <= 2;
          text.append(column > 1 ? ", " : i > 0 ? ", (" : "(").append(number ? "CAST($" : "$");
          text.append(std::to_string(4 * i + column)).append(number ? " AS BIGINT)" : "");
        }
        text.append(")");
      }
      text +=
          ") UPDATE audit_log SET seq = seal.seq, prev_hash = seal.prev_hash, hash = seal.hash "
          "FROM seal WHERE audit_log.id = seal.id";
      texts[rows] = std::move(text);
    }
    return texts;
  }();
  return statements.at(count);
}

}  // namespace

SealPlan AuditRepository::planSeal() {
  // Read and hashed outside any write: on SQLite the writer thread, which every order waits
  // for, then only checks the chain's end and stores the seals.
  SealPlan plan;
  plan.after = chainEnd(db_);
  plan.rows =
      kAuditRows.all(db_, "WHERE seq IS NULL ORDER BY id LIMIT " + std::to_string(kSealBatch));
  std::int64_t seq = plan.after.seq;
  std::string previous = plan.after.hash;
  for (AuditRow& row : plan.rows) {
    row.seq = ++seq;
    row.prevHash = previous;
    row.hash = chainHash(row);
    previous = row.hash;
  }
  return plan;
}

std::optional<std::int64_t> AuditRepository::seal(Transaction& tx, const SealPlan& plan) {
  // The lock row: one sealer at a time across every instance (SQLite's writer is alone
  // anyway); another that holds it makes this pass skip, never wait.
  bool won = false;
  tx.run("SELECT id FROM audit_seal_lock WHERE id = 1 {{skip_locked}}", {},
         [&](const SqlRow&) { won = true; });
  if (!won)
    return std::nullopt;
  // Another sealer extended the chain since the plan was read: its rows may be sealed, and
  // its seqs are taken. The next plan starts from the new end.
  const ChainEnd end = chainEnd(tx);
  if (end.seq != plan.after.seq || end.hash != plan.after.hash)
    return std::nullopt;
  // The seals go in a few statements of up to kSealStatementRows rows each, not one per row:
  // on SQLite a single-row UPDATE that the guard's trigger may abort keeps an undo journal of
  // its own, and a pass of 500 cost the writer thread, which every order waits for, 2.9 ms.
  std::vector<SqlValue> values;
  for (std::size_t done = 0; done < plan.rows.size();) {
    const std::size_t count = sealStatementRows(plan.rows.size() - done);
    values.clear();
    for (std::size_t i = done; i < done + count; ++i) {
      const AuditRow& row = plan.rows[i];
      values.insert(values.end(), {row.id, row.seq, row.prevHash, row.hash});
    }
    // Nobody reads the count: on PostgreSQL the host sends these on together.
    tx.runValues(sealStatement(count), values);
    done += count;
  }
  return static_cast<std::int64_t>(plan.rows.size());
}

UnsealedRows AuditRepository::unsealed() {
  UnsealedRows waiting;
  // Counted up to a bound: a long outage leaves many, and the sample runs every pass.
  db_.run(
      "SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM (SELECT id FROM "
      "audit_log WHERE seq IS NULL ORDER BY id LIMIT 1000000) AS waiting",
      {}, [&](const SqlRow& found) {
        waiting.count = found.integer(0);
        waiting.oldestId = found.integer(1);
        waiting.newestId = found.integer(2);
      });
  return waiting;
}

Listing<AuditRow> AuditRepository::list(const AuditFilter& filter, const Page& page) {
  ListQuery query;
  if (!filter.entity.empty())
    query.also("entity = ?", {filter.entity});
  if (!filter.entityId.empty())
    query.also("entity_id = ?", {filter.entityId});
  if (!filter.action.empty())
    query.also("action = ?", {filter.action});
  if (!filter.actor.empty())
    query.also("actor = ?", {filter.actor});
  if (!filter.since.empty())
    query.also("at >= ?", {filter.since});
  return page.read(db_, kAuditRows, query);
}

void AuditRepository::walk(const std::function<bool(const AuditRow&)>& visit) {
  // Pages of rows keep memory flat on a long log.
  std::int64_t after = 0;
  for (;;) {
    const std::vector<AuditRow> page =
        kAuditRows.all(db_, "WHERE seq > $1 ORDER BY seq LIMIT 1000", {after});
    for (const AuditRow& row : page) {
      if (!visit(row))
        return;
      after = row.seq;
    }
    if (page.size() < 1000)
      return;
  }
}

}  // namespace duka::audit
