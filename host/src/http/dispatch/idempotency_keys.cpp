#include "http/dispatch/idempotency_keys.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/Logger.h>
#include <Poco/SHA2Engine.h>

#include <chrono>
#include <optional>

#include "db/write_hook.hpp"
#include "host_api.hpp"

namespace duka::host {

namespace {

std::int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string sha256(const std::string& text) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(text);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

EventContext context() {
  return EventContext::system("idempotency");
}

}  // namespace

std::size_t IdempotencyKeys::purge() {
  return db_.transact(context(), [&](Transaction& tx) -> std::size_t {
    return tx.run("DELETE FROM duka_idempotency_keys WHERE created_unix < $1",
                  {unixNow() - kLifetimeSeconds});
  });
}

IdempotencyKeys::Claim IdempotencyKeys::claim(const std::string& subject, const std::string& key,
                                              const std::string& requestHash) {
  // The table keeps a day of keys: once an hour, one claim purges what is older.
  std::int64_t last = purgedAt_.load();
  const std::int64_t now = unixNow();
  if (now - last >= 3600 && purgedAt_.compare_exchange_strong(last, now))
    purge();
  std::optional<bool> unabandoned;  // evenCommitted, when the key is to be forgotten
  {
    std::lock_guard lock(mutex_);
    if (const auto found = unabandoned_.find({subject, key}); found != unabandoned_.end()) {
      unabandoned = found->second;
      unabandoned_.erase(found);
    }
  }
  if (unabandoned && !forget(subject, key, *unabandoned))
    forgetLater(subject, key, *unabandoned);
  return db_.transact(context(), [&](Transaction& tx) {
    const std::int64_t at = unixNow();
    tx.run(
        "DELETE FROM duka_idempotency_keys WHERE subject = $1 AND idem_key = $2 AND "
        "created_unix < $3",
        {subject, key, at - kLifetimeSeconds});
    if (tx.run("INSERT INTO duka_idempotency_keys "
               "(subject, idem_key, request_hash, state, status, body, created_unix) "
               "VALUES ($1, $2, $3, 'running', 0, '', $4) ON CONFLICT DO NOTHING",
               {subject, key, requestHash, at}) == 1)
      return Claim{};

    std::string storedHash, state, body;
    int status = 0;
    std::int64_t created = 0;
    tx.run(
        "SELECT request_hash, state, status, body, created_unix FROM duka_idempotency_keys "
        "WHERE subject = $1 AND idem_key = $2",
        {subject, key}, [&](const SqlRow& row) {
          storedHash = row.text(0);
          state = row.text(1);
          status = static_cast<int>(row.integer(2));
          body = row.text(3);
          created = row.integer(4);
        });
    if (storedHash != requestHash)
      return Claim{Claim::Mismatch, 0, ""};
    if (state == "done")
      return Claim{Claim::Replay, status, body};
    if (state == "committed")
      return Claim{Claim::Unanswered, 0, ""};
    if (created < at - kStaleSeconds) {
      // The first request died before it wrote anything: this one takes the claim over,
      // unless another retry did so first.
      if (tx.run("UPDATE duka_idempotency_keys SET created_unix = $1 WHERE subject = $2 AND "
                 "idem_key = $3 AND created_unix = $4 AND state = 'running'",
                 {at, subject, key, created}) == 1)
        return Claim{};
    }
    return Claim{Claim::InFlight, 0, ""};
  });
}

void IdempotencyKeys::markCommitted(Transaction& tx, const std::string& subject,
                                    const std::string& key) {
  tx.run(
      "UPDATE duka_idempotency_keys SET state = 'committed' WHERE subject = $1 AND idem_key = $2 "
      "AND state = 'running'",
      {subject, key});
}

void IdempotencyKeys::finish(const std::string& subject, const std::string& key, int status,
                             const std::string& body) {
  db_.write(context(), [&](Transaction& tx) {
    tx.run(
        "UPDATE duka_idempotency_keys SET state = 'done', status = $1, body = $2 WHERE "
        "subject = $3 AND idem_key = $4",
        {std::int64_t{status}, body, subject, key});
  });
}

bool IdempotencyKeys::forget(const std::string& subject, const std::string& key,
                             bool evenCommitted) {
  // Unless told otherwise, only a key nothing committed under: one whose request committed
  // a change and then failed (or whose COMMIT was cut off and did commit) stays, so that a
  // retry never runs it twice.
  try {
    db_.write(context(), [&](Transaction& tx) {
      tx.run(
          "DELETE FROM duka_idempotency_keys WHERE subject = $1 AND idem_key = $2 AND "
          "(state = 'running' OR $3 = 1)",
          {subject, key, std::int64_t{evenCommitted ? 1 : 0}});
    });
    return true;
  } catch (const DatabaseUnavailable&) {
    return false;
  }
}

void IdempotencyKeys::abandon(const std::string& subject, const std::string& key) {
  if (!forget(subject, key))
    forgetLater(subject, key);
}

void IdempotencyKeys::forgetLater(const std::string& subject, const std::string& key,
                                  bool evenCommitted) {
  std::lock_guard lock(mutex_);
  if (unabandoned_.size() < kMaxUnabandoned)
    unabandoned_[{subject, key}] = evenCommitted;
}

void IdempotencyKeys::keep(const std::string& subject, const std::string& key, int status,
                           const std::string& body) {
  try {
    finish(subject, key, status, body);
  } catch (const DatabaseUnavailable& e) {
    // The answer stands (what the request did is done): only a retry cannot replay it, and
    // is told that the change was made, or runs anew when none was.
    Poco::Logger::get("duka.http")
        .warning("an Idempotency-Key's answer (%d) was not kept: %s", status,
                 std::string(e.what()));
    forgetLater(subject, key);
  }
}

Response IdempotencyKeys::answer(Request& request, const std::function<Response()>& handle) {
  const auto key = request.header("Idempotency-Key");
  if (!key)
    return handle();
  if (key->empty() || key->size() > kMaxKeyLength) {
    throw unprocessable("The Idempotency-Key header must be 1 to 255 characters.",
                        {{"Idempotency-Key", {"must be 1 to 255 characters"}}});
  }
  const std::string subject = request.caller().subject;
  const Poco::JSON::Object::Ptr json = request.json();
  // The key is scoped to the route: the same key on another method or path is a mismatch.
  std::string path = request.path();
  if (path.size() > 1 && path.back() == '/')
    path.pop_back();
  const Claim claimed = claim(
      subject, *key, sha256(request.method() + ' ' + path + '\n' + (json ? toJson(json) : "")));
  switch (claimed.kind) {
    case Claim::Replay: {
      Response replay;
      replay.status = claimed.status;
      replay.body = claimed.body;
      if (claimed.status >= 400)
        replay.contentType = "application/problem+json; charset=utf-8";
      return replay.withHeader("Idempotent-Replayed", "true");
    }
    case Claim::Mismatch:
      throw unprocessable("This Idempotency-Key was used with another request (route or body).",
                          {{"Idempotency-Key", {"was used with another request"}}});
    case Claim::InFlight:
      throw conflict("A request with this Idempotency-Key is still running; retry later.");
    case Claim::Unanswered:
      throw conflict(
          "A request with this Idempotency-Key made its change, but its answer was not kept "
          "(duka stopped, or lost the database, first); look the result up instead of "
          "retrying.");
    case Claim::Proceed:
      break;
  }
  const WriteHook mark = [&](Transaction& tx) { markCommitted(tx, subject, *key); };
  Response response;
  try {
    const WriteHookScope scope(mark);
    response = handle();
  } catch (const HttpError& e) {
    // The handler's own answer: a 4xx is kept; a 5xx it chose (a gateway refused, 502)
    // says that a retry may run again, whatever it recorded meanwhile.
    if (e.status() < 500)
      keep(subject, *key, e.status(), problemResponse(e, request.requestId()).body);
    else if (!forget(subject, *key, true))
      forgetLater(subject, *key, true);
    throw;
  } catch (...) {
    abandon(subject, *key);
    throw;
  }
  keep(subject, *key, response.status, response.body);
  return response;
}

}  // namespace duka::host
