#include "idempotency_store.hpp"

#include <chrono>

namespace duka::orders {

namespace {

std::int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Claim IdempotencyStore::claim(const std::string& subject, const std::string& key,
                              const std::string& bodyHash) {
  return db_.transact(EventContext::system("idempotency"), [&](Transaction& tx) {
    const std::int64_t at = unixNow();
    tx.run(
        "DELETE FROM orders_idempotency WHERE subject = $1 AND idem_key = $2 AND "
        "created_unix < $3",
        {subject, key, at - kLifetimeSeconds});
    if (tx.run("INSERT INTO orders_idempotency (subject, idem_key, request_hash, state, status, "
               "body, created_unix) VALUES ($1, $2, $3, 'running', 0, '', $4) "
               "ON CONFLICT DO NOTHING",
               {subject, key, bodyHash, at}) == 1)
      return Claim{};

    std::string storedHash, state, body;
    int status = 0;
    std::int64_t created = 0;
    tx.run(
        "SELECT request_hash, state, status, body, created_unix FROM orders_idempotency "
        "WHERE subject = $1 AND idem_key = $2",
        {subject, key}, [&](const SqlRow& row) {
          storedHash = row.text(0);
          state = row.text(1);
          status = static_cast<int>(row.integer(2));
          body = row.text(3);
          created = row.integer(4);
        });
    if (storedHash != bodyHash)
      return Claim{Claim::Mismatch, 0, ""};
    if (state == "done")
      return Claim{Claim::Replay, status, body};
    if (created < at - kStaleSeconds) {
      // The first request died without an answer: this one takes the claim over, unless
      // another retry did so first.
      if (tx.run("UPDATE orders_idempotency SET created_unix = $1 WHERE subject = $2 AND "
                 "idem_key = $3 AND created_unix = $4",
                 {at, subject, key, created}) == 1)
        return Claim{};
    }
    return Claim{Claim::InFlight, 0, ""};
  });
}

void IdempotencyStore::finish(Transaction& tx, const std::string& subject, const std::string& key,
                              int status, const std::string& body) {
  tx.run(
      "UPDATE orders_idempotency SET state = 'done', status = $1, body = $2 "
      "WHERE subject = $3 AND idem_key = $4",
      {std::int64_t{status}, body, subject, key});
}

void IdempotencyStore::finishAlone(const std::string& subject, const std::string& key, int status,
                                   const std::string& body) {
  db_.write(EventContext::system("idempotency"),
            [&](Transaction& tx) { finish(tx, subject, key, status, body); });
}

void IdempotencyStore::abandon(const std::string& subject, const std::string& key) {
  db_.write(EventContext::system("idempotency"), [&](Transaction& tx) {
    tx.run("DELETE FROM orders_idempotency WHERE subject = $1 AND idem_key = $2", {subject, key});
  });
}

}  // namespace duka::orders
