#include "audit_migrations.hpp"

#include <Poco/String.h>

#include <duka/facility/table_rebuild.hpp>

namespace duka::audit {

std::vector<Migration> schema() {
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
  // index and triggers along when dropped, and they are made again.
  const std::vector<std::string> rebuild = rebuildTables(
      {{"audit_log",
        Poco::replace(table[0], std::string("{{id}}"), std::string("INTEGER PRIMARY KEY")),
        "id, at, action, actor, entity, entity_id, request_id, data, prev_hash, hash"}},
      std::vector<std::string>(sqlite.begin() + 1, sqlite.end()));
  // Both backends: rows are written unsealed and sealed after commit; one sealer at a time
  // holds the lock row. SQLite's log is remade with nullable seals and seq (its rows so far
  // keep their place: seq is their id), and a guard that lets an UPDATE only seal a row.
  const std::string sealedTogether =
      "CHECK ((seq IS NULL AND prev_hash IS NULL AND hash IS NULL) OR "
      "(seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL))";
  // PostgreSQL: rows are written unsealed and sealed after commit by one sealer at a time.
  // The chain's order is seq (rows of the log so far keep theirs, in id order); the guard
  // lets an UPDATE only fill in the seal of an unsealed row, once, leaving the rest as it was.
  const std::vector<std::string> sealAfterCommit = {
      "ALTER TABLE audit_log ADD COLUMN seq BIGINT",
      "ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL",
      "ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL",
      "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
      "UPDATE audit_log SET seq = numbered.n FROM (SELECT id, row_number() OVER (ORDER BY id) "
      "AS n FROM audit_log) AS numbered WHERE audit_log.id = numbered.id",
      "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only",
      "ALTER TABLE audit_log ADD CONSTRAINT audit_log_seal_whole " + sealedTogether,
      "CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq)",
      "CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seq IS NULL",
      "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN "
      "IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL AND "
      "(NEW.id, NEW.at, NEW.action, NEW.actor, NEW.entity, NEW.entity_id, NEW.request_id, "
      "NEW.data) IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.action, OLD.actor, OLD.entity, "
      "OLD.entity_id, OLD.request_id, OLD.data) THEN RETURN NEW; END IF; "
      "RAISE EXCEPTION 'audit rows are append-only'; END $$ LANGUAGE plpgsql"};
  const std::vector<std::string> sqliteSealAfterCommit = {
      "CREATE TABLE audit_log_sealed (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
      "action TEXT NOT NULL, actor TEXT NOT NULL, entity TEXT NOT NULL, "
      "entity_id TEXT NOT NULL, request_id TEXT NOT NULL, data TEXT NOT NULL, prev_hash TEXT, "
      "hash TEXT, seq INTEGER, " +
          sealedTogether + ")",
      "INSERT INTO audit_log_sealed (id, at, action, actor, entity, entity_id, request_id, "
      "data, prev_hash, hash, seq) SELECT id, at, action, actor, entity, entity_id, "
      "request_id, data, prev_hash, hash, id FROM audit_log",
      "DROP TABLE audit_log",
      "ALTER TABLE audit_log_sealed RENAME TO audit_log",
      "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)",
      "CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq)",
      "CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seq IS NULL",
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT ("
      "OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND "
      "NEW.action IS OLD.action AND NEW.actor IS OLD.actor AND NEW.entity IS OLD.entity AND "
      "NEW.entity_id IS OLD.entity_id AND NEW.request_id IS OLD.request_id AND "
      "NEW.data IS OLD.data) BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
      "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
      "CREATE TABLE audit_seal_lock (id INTEGER PRIMARY KEY)",
      "INSERT INTO audit_seal_lock (id) VALUES (1)"};
  return {{.version = 1,
           .description = "append-only audit log",
           .statements = sqlite,
           .postgresql = postgresql},
          {.version = 2,
           .description = "audit log without AUTOINCREMENT (SQLite)",
           .statements = rebuild,
           // PostgreSQL's BIGSERIAL costs nothing per insert; only the rule is written down.
           .postgresql = {"COMMENT ON TABLE audit_log IS "
                          "'Append-only and hash-chained: rows are never changed or deleted.'"}},
          {.version = 3,
           .description = "audit rows sealed after commit (PostgreSQL)",
           // SQLite seals each row as it is written: nothing changes there.
           .statements = {},
           .postgresql = sealAfterCommit},
          {.version = 4,
           .description = "audit rows sealed after commit on SQLite too; the sealer's lock row",
           .statements = sqliteSealAfterCommit,
           .postgresql = {"CREATE TABLE audit_seal_lock (id BIGINT PRIMARY KEY)",
                          "INSERT INTO audit_seal_lock (id) VALUES (1)"}}};
}

}  // namespace duka::audit
