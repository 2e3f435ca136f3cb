#include "duka/idempotency.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <chrono>

namespace duka {

namespace {

constexpr std::size_t kMaxKeyLength = 255;

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

std::string idempotencyTable(const std::string& table) {
  return "CREATE TABLE " + table +
         " ("
         " subject TEXT NOT NULL,"
         " idem_key TEXT NOT NULL,"
         " request_hash TEXT NOT NULL,"
         " state TEXT NOT NULL,"
         " status INTEGER NOT NULL,"
         " body TEXT NOT NULL,"
         " created_unix BIGINT NOT NULL,"
         " PRIMARY KEY (subject, idem_key))";
}

std::size_t IdempotencyStore::purge() {
  return db_.transact(context(), [&](Transaction& tx) {
    return tx.run("DELETE FROM " + table_ + " WHERE created_unix < $1",
                  {unixNow() - kLifetimeSeconds});
  });
}

IdempotencyClaim IdempotencyStore::claim(const std::string& subject, const std::string& key,
                                         const std::string& bodyHash) {
  // The table keeps a day of keys: once an hour, one claim purges what is older.
  std::int64_t last = purgedAt_.load();
  const std::int64_t now = unixNow();
  if (now - last >= 3600 && purgedAt_.compare_exchange_strong(last, now))
    purge();
  return db_.transact(context(), [&](Transaction& tx) {
    const std::int64_t at = unixNow();
    tx.run("DELETE FROM " + table_ + " WHERE subject = $1 AND idem_key = $2 AND created_unix < $3",
           {subject, key, at - kLifetimeSeconds});
    if (tx.run("INSERT INTO " + table_ +
                   " (subject, idem_key, request_hash, state, status, body, created_unix) "
                   "VALUES ($1, $2, $3, 'running', 0, '', $4) ON CONFLICT DO NOTHING",
               {subject, key, bodyHash, at}) == 1)
      return IdempotencyClaim{};

    std::string storedHash, state, body;
    int status = 0;
    std::int64_t created = 0;
    tx.run("SELECT request_hash, state, status, body, created_unix FROM " + table_ +
               " WHERE subject = $1 AND idem_key = $2",
           {subject, key}, [&](const SqlRow& row) {
             storedHash = row.text(0);
             state = row.text(1);
             status = static_cast<int>(row.integer(2));
             body = row.text(3);
             created = row.integer(4);
           });
    if (storedHash != bodyHash)
      return IdempotencyClaim{IdempotencyClaim::Mismatch, 0, ""};
    if (state == "done")
      return IdempotencyClaim{IdempotencyClaim::Replay, status, body};
    if (created < at - kStaleSeconds) {
      // The first request died without an answer: this one takes the claim over, unless
      // another retry did so first.
      if (tx.run("UPDATE " + table_ +
                     " SET created_unix = $1 WHERE subject = $2 AND idem_key = $3 AND "
                     "created_unix = $4",
                 {at, subject, key, created}) == 1)
        return IdempotencyClaim{};
    }
    return IdempotencyClaim{IdempotencyClaim::InFlight, 0, ""};
  });
}

void IdempotencyStore::finish(Transaction& tx, const std::string& subject, const std::string& key,
                              int status, const std::string& body) {
  tx.run("UPDATE " + table_ +
             " SET state = 'done', status = $1, body = $2 WHERE subject = $3 AND idem_key = $4",
         {std::int64_t{status}, body, subject, key});
}

void IdempotencyStore::finishAlone(const std::string& subject, const std::string& key, int status,
                                   const std::string& body) {
  db_.write(context(), [&](Transaction& tx) { finish(tx, subject, key, status, body); });
}

void IdempotencyStore::abandon(const std::string& subject, const std::string& key) {
  db_.write(context(), [&](Transaction& tx) {
    tx.run("DELETE FROM " + table_ + " WHERE subject = $1 AND idem_key = $2", {subject, key});
  });
}

Response answerOnce(Request& request, IdempotencyStore& store,
                    const std::function<Response(const std::string* key)>& handle) {
  const auto key = request.header("Idempotency-Key");
  if (!key)
    return handle(nullptr);
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
  const IdempotencyClaim claim = store.claim(
      subject, *key, sha256(request.method() + ' ' + path + '\n' + (json ? toJson(json) : "")));
  switch (claim.kind) {
    case IdempotencyClaim::Replay: {
      Response replay;
      replay.status = claim.status;
      replay.body = claim.body;
      if (claim.status >= 400)
        replay.contentType = "application/problem+json; charset=utf-8";
      return replay.withHeader("Idempotent-Replayed", "true");
    }
    case IdempotencyClaim::Mismatch:
      throw unprocessable("This Idempotency-Key was used with another request (route or body).",
                          {{"Idempotency-Key", {"was used with another request"}}});
    case IdempotencyClaim::InFlight:
      throw conflict("A request with this Idempotency-Key is still running; retry later.");
    case IdempotencyClaim::Proceed:
      break;
  }
  try {
    return handle(&*key);
  } catch (const HttpError& e) {
    if (e.status() < 500)
      store.finishAlone(subject, *key, e.status(), problemResponse(e, request.requestId()).body);
    else
      store.abandon(subject, *key);
    throw;
  } catch (...) {
    store.abandon(subject, *key);
    throw;
  }
}

}  // namespace duka
