// duka/idempotency.hpp: Idempotency-Key on a POST that creates something (an order, a
// payment request): the same key from the same principal to the same method and path with
// the same body within 24 h answers the first response again; with another route or body
// it is a 422; while the first request still runs, a 409. Keys older than 24 h are purged. The
// owner keeps the keys in its own table (idempotencyTable) and stores the answer in the transaction
// that writes what the request created.
//
//     Response create(Request& request) {
//       return answerOnce(request, keys_, [&](const std::string* key) {
//         ... db_.write(..., [&](Transaction& tx) { ...; if (key) keys_.finish(tx, ...); });
//       });
//     }
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "duka/database.hpp"
#include "duka/http.hpp"

namespace duka {

// idempotencyTable is the CREATE TABLE statement of a table of keys, for a migration.
std::string idempotencyTable(const std::string& table);

// kIdempotencyKeyHeader documents the header on a route (RouteSpec::headers).
inline const std::pair<std::string, std::string> kIdempotencyKeyHeader = {
    "Idempotency-Key",
    "Up to 255 characters: the same key and body from the same caller within 24 h answers the "
    "first response again"};

struct IdempotencyClaim {
  enum Kind { Proceed, Replay, InFlight, Mismatch } kind = Proceed;
  int status = 0;    // Replay: the first answer's status
  std::string body;  // Replay: the first answer's body
};

class IdempotencyStore {
 public:
  IdempotencyStore(Database& db, std::string table) : db_(db), table_(std::move(table)) {}

  // claim records (subject, key) as running, in its own transaction, unless a row exists;
  // requestHash is the request's route and body. At most hourly it purges expired keys.
  IdempotencyClaim claim(const std::string& subject, const std::string& key,
                         const std::string& requestHash);
  // finish stores the answer in tx, so it commits with what it describes.
  void finish(Transaction& tx, const std::string& subject, const std::string& key, int status,
              const std::string& body);
  // finishAlone stores an answer (a refusal) in a transaction of its own.
  void finishAlone(const std::string& subject, const std::string& key, int status,
                   const std::string& body);
  // abandon forgets the key, so that a retry runs again (after a server error).
  void abandon(const std::string& subject, const std::string& key);
  // purge deletes the keys older than kLifetimeSeconds; it answers how many.
  std::size_t purge();

  static constexpr std::int64_t kLifetimeSeconds = 24 * 3600;
  // A running claim older than this belongs to a request that died: a retry takes it over.
  static constexpr std::int64_t kStaleSeconds = 60;

 private:
  Database& db_;
  std::string table_;
  std::atomic<std::int64_t> purgedAt_{0};  // Unix seconds of the last purge
};

// answerOnce runs handle for a request with no Idempotency-Key (key null), or once per key
// and route:
// a replay answers the stored response with Idempotent-Replayed: true; handle stores its
// success with store.finish in its transaction (key non-null); a 4xx it throws is stored
// too, a 5xx or any other throw forgets the key.
Response answerOnce(Request& request, IdempotencyStore& store,
                    const std::function<Response(const std::string* key)>& handle);

}  // namespace duka
