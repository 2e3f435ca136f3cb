// IdempotencyStore: the Idempotency-Key rows of POST /api/orders/: the same key from the
// same principal with the same body within 24 h answers the first response again; with
// another body it is a 422; while the first request still runs, a 409.
#pragma once

#include <duka/database.hpp>
#include <string>

namespace duka::orders {

struct Claim {
  enum Kind { Proceed, Replay, InFlight, Mismatch } kind = Proceed;
  int status = 0;    // Replay: the first answer's status
  std::string body;  // Replay: the first answer's body
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(Database& db) : db_(db) {}

  // claim records (subject, key) as running, in its own transaction, unless a row exists.
  Claim claim(const std::string& subject, const std::string& key, const std::string& bodyHash);
  // finish stores the answer in tx, so it commits with the order it describes.
  void finish(Transaction& tx, const std::string& subject, const std::string& key, int status,
              const std::string& body);
  // finishAlone stores an answer (a refusal) in a transaction of its own.
  void finishAlone(const std::string& subject, const std::string& key, int status,
                   const std::string& body);
  // abandon forgets the key, so that a retry runs again (after a server error).
  void abandon(const std::string& subject, const std::string& key);

  static constexpr std::int64_t kLifetimeSeconds = 24 * 3600;
  // A running claim older than this belongs to a request that died: a retry takes it over.
  static constexpr std::int64_t kStaleSeconds = 60;

 private:
  Database& db_;
};

}  // namespace duka::orders
