#include "sms_migrations.hpp"

#include <Poco/String.h>

#include <duka/facility/outbox.hpp>
#include <duka/facility/table_rebuild.hpp>

namespace duka::sms {

std::vector<Migration> schema() {
  // Migration 1's table, also rebuilt by migration 3 (with a plain rowid on SQLite).
  const std::string table =
      "CREATE TABLE sms_outbox ("
      " id {{id}},"
      " event TEXT NOT NULL,"
      " recipient TEXT NOT NULL,"
      " body TEXT NOT NULL,"
      " status TEXT NOT NULL,"
      " attempts INTEGER NOT NULL DEFAULT 0,"
      " next_attempt_ms BIGINT NOT NULL,"
      " lease_until_ms BIGINT NOT NULL DEFAULT 0,"
      " last_error TEXT NOT NULL DEFAULT '',"
      " provider TEXT NOT NULL DEFAULT '',"
      " provider_message_id TEXT NOT NULL DEFAULT '',"
      " delivery_status TEXT NOT NULL DEFAULT '',"
      " created_at TEXT NOT NULL,"
      " updated_at TEXT NOT NULL,"
      " sent_at TEXT NOT NULL DEFAULT '')";
  return {{1,
           "sms_outbox: one row per message",
           {table, "CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_ms)",
            "CREATE INDEX sms_outbox_message ON sms_outbox (provider_message_id)",
            "CREATE INDEX sms_outbox_recipient ON sms_outbox (recipient)"},
           {}},
          // Rows get their provider's message id when sent; until then it is ''. Indexing
          // only the rows that have one keeps every new message out of this index: one
          // B-tree fewer to write in each order's transaction.
          {2,
           "sms_outbox: index only the provider message ids that are set",
           {"DROP INDEX sms_outbox_message",
            "CREATE INDEX sms_outbox_message ON sms_outbox (provider_message_id) "
            "WHERE provider_message_id <> ''"},
           {}},
          // SQLite: the outbox rebuilt without AUTOINCREMENT, which reads and writes
          // sqlite_sequence on every message. Messages are never deleted, so rowids are never
          // reused all the same. The table of migration 1 with a plain rowid; the old table takes
          // its indexes along when dropped.
          {3,
           "sms_outbox without AUTOINCREMENT (SQLite)",
           rebuildTables(
               {{"sms_outbox",
                 Poco::replace(table, std::string("{{id}}"), std::string("INTEGER PRIMARY KEY")),
                 "id, event, recipient, body, status, attempts, next_attempt_ms, lease_until_ms, "
                 "last_error, provider, provider_message_id, delivery_status, created_at, "
                 "updated_at, sent_at"}},
               {"CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_ms)",
                "CREATE INDEX sms_outbox_recipient ON sms_outbox (recipient)",
                "CREATE INDEX sms_outbox_message ON sms_outbox (provider_message_id) "
                "WHERE provider_message_id <> ''"}),
           // PostgreSQL's BIGSERIAL costs nothing per insert; only the rule is written down.
           {"COMMENT ON TABLE sms_outbox IS "
            "'Messages are never deleted: an id is never reused.'"}},
          // The host's outbox sends several messages at once, one recipient's in order:
          // a claim asks whether an earlier message to that recipient still waits, which
          // this index of the waiting rows answers without reading the delivered ones.
          {4,
           "sms_outbox: the index of the messages still waiting, by recipient",
           {outboxIndexes("sms_outbox", "recipient").at(1)},
           {}},
          // SMS commands (SPEC 12): each incoming message's id, so a repeated one is ignored.
          {5,
           "sms_inbound: the incoming messages' ids",
           {"CREATE TABLE sms_inbound (provider_id TEXT PRIMARY KEY, sender TEXT NOT NULL, "
            "command TEXT NOT NULL, received_at TEXT NOT NULL)"},
           {}}};
}

}  // namespace duka::sms
