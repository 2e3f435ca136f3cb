// IdempotencyKeys: Idempotency-Key (SPEC 6) for the routes that declare it
// (RouteSpec::idempotent), kept by the host in duka_idempotency_keys. The same key from the
// same principal to the same method and path with the same body within 24 h answers the
// first response again; with another route or body, 422; while the first request runs, 409.
//
// The key is marked committed inside every write transaction the request makes (the
// database's write hook, set by answer()), so what the request created and its key commit
// together: after a crash, a retry never runs the request a second time. The answer is
// stored right after the handler returns; a crash between the two, or a database lost
// between them, leaves a committed key without an answer, which a retry gets as a 409 saying
// so. A request that failed forgets its key unless it committed a change under it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "duka/database.hpp"
#include "duka/http.hpp"

namespace duka::host {

class IdempotencyKeys {
 public:
  static constexpr std::int64_t kLifetimeSeconds = 24 * 3600;
  // A running claim older than this belongs to a request that died before it wrote
  // anything: a retry takes it over.
  static constexpr std::int64_t kStaleSeconds = 60;
  static constexpr std::size_t kMaxKeyLength = 255;

  struct Claim {
    enum Kind { Proceed, Replay, InFlight, Mismatch, Unanswered } kind = Proceed;
    int status = 0;    // Replay: the first answer's status
    std::string body;  // Replay: the first answer's body
  };

  explicit IdempotencyKeys(Database& db) : db_(db) {}

  // answer runs handle once per (caller, key): a request without the header runs as it is.
  Response answer(Request& request, const std::function<Response()>& handle);

  // The steps answer() takes, for tests: claim records (subject, key) as running unless a
  // row exists (and at most hourly purges expired keys); markCommitted, in a write
  // transaction; finish stores the answer; abandon forgets the key unless a change committed
  // under it (with the database out of reach, it remembers to, and the key's next claim on
  // this instance does); purge deletes keys past their lifetime and answers how many.
  Claim claim(const std::string& subject, const std::string& key, const std::string& requestHash);
  static void markCommitted(Transaction& tx, const std::string& subject, const std::string& key);
  void finish(const std::string& subject, const std::string& key, int status,
              const std::string& body);
  void abandon(const std::string& subject, const std::string& key);
  std::size_t purge();

 private:
  // kMaxUnabandoned bounds the keys remembered to forget later; past it, such a key waits
  // kStaleSeconds instead.
  static constexpr std::size_t kMaxUnabandoned = 10000;
  // forget deletes the key's row unless a change committed under it (or evenCommitted);
  // false when the database could not be reached. forgetLater leaves that to the key's
  // next claim here (a retry then need not wait for the claim to go stale). keep stores the
  // answer (finish), or, with the database out of reach, logs that it could not and forgets
  // later.
  bool forget(const std::string& subject, const std::string& key, bool evenCommitted = false);
  void forgetLater(const std::string& subject, const std::string& key, bool evenCommitted = false);
  void keep(const std::string& subject, const std::string& key, int status,
            const std::string& body);

  Database& db_;
  std::atomic<std::int64_t> purgedAt_{0};  // Unix seconds of the last purge
  std::mutex mutex_;
  // (subject, key) -> evenCommitted
  std::map<std::pair<std::string, std::string>, bool> unabandoned_;
};

}  // namespace duka::host
