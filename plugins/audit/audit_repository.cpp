#include "audit_repository.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <duka/rows.hpp>

namespace duka::audit {

namespace {

// auditRows reads the log's rows with seq from seqColumn: on SQLite a row's place in the
// chain is its id.
Rows<AuditRow> auditRows(const char* seqColumn) {
  return Rows<AuditRow>("audit_log")
      .column("id", &AuditRow::id)
      .column("at", &AuditRow::at)
      .column("action", &AuditRow::action)
      .column("actor", &AuditRow::actor)
      .column("entity", &AuditRow::entity)
      .column("entity_id", &AuditRow::entityId)
      .column("request_id", &AuditRow::requestId)
      .column("data", &AuditRow::data)
      .column(seqColumn, &AuditRow::seq)
      .column("prev_hash", &AuditRow::prevHash)
      .column("hash", &AuditRow::hash);
}
const Rows<AuditRow> kAuditRows = auditRows("seq");
const Rows<AuditRow> kSqliteAuditRows = auditRows("id");
// kSealLock is the PostgreSQL advisory lock a sealing pass takes for its transaction: one
// sealer at a time across every instance. Writers never take it.
constexpr std::int64_t kSealLock = 0x6475'6B61'7365'616C;  // "dukaseal"

// appendElement adds one element to a PostgreSQL array literal being written ("{a,b,c}");
// every element here is digits or hex, so none needs quoting.
void appendElement(std::string& literal, const std::string& element) {
  literal += literal.empty() ? '{' : ',';
  literal += element;
}

}  // namespace

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

void AuditRepository::append(Transaction& tx, AuditRow& row) {
  if (!sealsOnAppend()) {
    // PostgreSQL: written unsealed; the sealer links it into the chain.
    tx.run(
        "INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, "
        "data) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {row.at, row.action, row.actor, row.entity, row.entityId, row.requestId, row.data});
    return;
  }
  // SQLite: this transaction is the only writer, so the last row is the chain's end.
  std::string last;
  std::int64_t lastId = 0;
  tx.run("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", {}, [&](const SqlRow& found) {
    lastId = found.integer(0);
    last = found.text(1);
  });
  row.prevHash = last.empty() ? kGenesisHash : last;
  row.hash = chainHash(row);
  row.id = tx.insert(
      "INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, "
      "data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {row.at, row.action, row.actor, row.entity, row.entityId, row.requestId, row.data,
       row.prevHash, row.hash});
  row.seq = row.id;
}

const Rows<AuditRow>& AuditRepository::rows() const {
  return sealsOnAppend() ? kSqliteAuditRows : kAuditRows;
}

std::optional<std::int64_t> AuditRepository::sealBatch(Transaction& tx) {
  if (sealsOnAppend())
    return 0;
  bool won = false;
  tx.run("SELECT CASE WHEN pg_try_advisory_xact_lock($1) THEN 1 ELSE 0 END", {kSealLock},
         [&](const SqlRow& found) { won = found.integer(0) == 1; });
  if (!won)
    return std::nullopt;
  std::int64_t seq = 0;
  std::string previous = kGenesisHash;
  tx.run("SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1", {},
         [&](const SqlRow& found) {
           seq = found.integer(0);
           previous = found.text(1);
         });
  std::vector<AuditRow> rows =
      kAuditRows.all(tx, "WHERE seq IS NULL ORDER BY id LIMIT " + std::to_string(kSealBatch));
  if (rows.empty())
    return 0;
  // The seals as four parallel arrays, for one UPDATE.
  std::string ids, seqs, prevHashes, hashes;
  for (AuditRow& row : rows) {
    row.seq = ++seq;
    row.prevHash = previous;
    row.hash = chainHash(row);
    previous = row.hash;
    appendElement(ids, std::to_string(row.id));
    appendElement(seqs, std::to_string(row.seq));
    appendElement(prevHashes, row.prevHash);
    appendElement(hashes, row.hash);
  }
  for (std::string* literal : {&ids, &seqs, &prevHashes, &hashes})
    *literal += '}';
  tx.run(
      "UPDATE audit_log SET seq = seal.seq, prev_hash = seal.prev_hash, hash = seal.hash "
      "FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) "
      "AS seal(id, seq, prev_hash, hash) WHERE audit_log.id = seal.id",
      {ids, seqs, prevHashes, hashes});
  return static_cast<std::int64_t>(rows.size());
}

UnsealedRows AuditRepository::unsealed() {
  UnsealedRows waiting;
  if (sealsOnAppend())
    return waiting;
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
  // Each filter is "empty or equal", so one statement serves every combination.
  return page.read(
      db_, rows(),
      {.where = "($1 = '' OR entity = $1) AND ($2 = '' OR entity_id = $2) AND ($3 = "
                "'' OR action = $3) AND ($4 = '' OR actor = $4) AND ($5 = '' OR at "
                ">= $5)",
       .values = {filter.entity, filter.entityId, filter.action, filter.actor, filter.since}});
}

void AuditRepository::walk(const std::function<bool(const AuditRow&)>& visit) {
  // SQLite seals rows in id order (seq is the id there); PostgreSQL in seq order. Pages of
  // rows keep memory flat on a long log.
  const std::string order = sealsOnAppend() ? "id" : "seq";
  const std::string rest = "WHERE " + order + " > $1" +
                           (sealsOnAppend() ? "" : " AND seq IS NOT NULL") + " ORDER BY " + order +
                           " LIMIT 1000";
  std::int64_t after = 0;
  for (;;) {
    const std::vector<AuditRow> page = rows().all(db_, rest, {after});
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
