#include "token_secret.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "compact_jws.hpp"

namespace duka::auth {

std::string loadTokenSecret(Database& db, const std::string& configured, bool& generated) {
  generated = configured.empty();
  if (!generated)
    return configured;
  return db.transact(EventContext::system("auth"), [](Transaction& tx) {
    unsigned char random[48];
    if (RAND_bytes(random, sizeof random) != 1)
      throw std::runtime_error("the system random generator failed");
    std::string candidate =
        base64UrlEncode(std::string(reinterpret_cast<const char*>(random), sizeof random));
    // Of several instances starting at once, the first insert wins and all read it back.
    tx.run(
        "INSERT INTO auth_secrets (name, value, created_at) VALUES ('token_secret', $1, $2) "
        "ON CONFLICT DO NOTHING",
        {candidate, nowRfc3339()});
    std::string secret;
    tx.run("SELECT value FROM auth_secrets WHERE name = 'token_secret'", {},
           [&](const SqlRow& row) { secret = row.text(0); });
    return secret;
  });
}

}  // namespace duka::auth
