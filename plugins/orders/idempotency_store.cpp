#include "idempotency_store.hpp"

#include <Poco/Data/Statement.h>

#include <chrono>

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::orders {

namespace {

Poco::Int64 unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Claim IdempotencyStore::claim(const std::string& subject, const std::string& key,
                              const std::string& bodyHash) {
  return db_.transact(EventContext::system("idempotency"), [&](Transaction& tx) {
    std::string who = subject, k = key, hash = bodyHash;
    Poco::Int64 at = unixNow(), expired = at - kLifetimeSeconds;
    tx.session() << "DELETE FROM orders_idempotency WHERE subject = $1 AND idem_key = $2 AND "
                    "created_unix < $3",
        use(who), use(k), use(expired), now;
    std::string inserted;
    Poco::Data::Statement insert(tx.session());
    insert << "INSERT INTO orders_idempotency (subject, idem_key, request_hash, state, status, "
              "body, created_unix) VALUES ($1, $2, $3, 'running', 0, '', $4) "
              "ON CONFLICT DO NOTHING RETURNING idem_key",
        use(who), use(k), use(hash), use(at), into(inserted);
    insert.execute();
    if (!inserted.empty())
      return Claim{};

    std::string storedHash, state, body;
    Poco::Int32 status = 0;
    Poco::Int64 created = 0;
    tx.session() << "SELECT request_hash, state, status, body, created_unix FROM "
                    "orders_idempotency WHERE subject = $1 AND idem_key = $2",
        use(who), use(k), into(storedHash), into(state), into(status), into(body), into(created),
        now;
    if (storedHash != bodyHash)
      return Claim{Claim::Mismatch, 0, ""};
    if (state == "done")
      return Claim{Claim::Replay, status, body};
    if (created < at - kStaleSeconds) {
      // The first request died without an answer: this one takes the claim over, unless
      // another retry did so first.
      Poco::Int64 taken = 0;
      Poco::Data::Statement takeOver(tx.session());
      takeOver << "UPDATE orders_idempotency SET created_unix = $1 WHERE subject = $2 AND "
                  "idem_key = $3 AND created_unix = $4 RETURNING created_unix",
          use(at), use(who), use(k), use(created), into(taken);
      takeOver.execute();
      if (taken == at)
        return Claim{};
    }
    return Claim{Claim::InFlight, 0, ""};
  });
}

void IdempotencyStore::finish(Transaction& tx, const std::string& subject, const std::string& key,
                              int status, const std::string& body) {
  std::string who = subject, k = key, text = body;
  Poco::Int32 code = status;
  tx.session() << "UPDATE orders_idempotency SET state = 'done', status = $1, body = $2 "
                  "WHERE subject = $3 AND idem_key = $4",
      use(code), use(text), use(who), use(k), now;
}

void IdempotencyStore::finishAlone(const std::string& subject, const std::string& key, int status,
                                   const std::string& body) {
  db_.write(EventContext::system("idempotency"),
            [&](Transaction& tx) { finish(tx, subject, key, status, body); });
}

void IdempotencyStore::abandon(const std::string& subject, const std::string& key) {
  db_.write(EventContext::system("idempotency"), [&](Transaction& tx) {
    std::string who = subject, k = key;
    tx.session() << "DELETE FROM orders_idempotency WHERE subject = $1 AND idem_key = $2", use(who),
        use(k), now;
  });
}

}  // namespace duka::orders
