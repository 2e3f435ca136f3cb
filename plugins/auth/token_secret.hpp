// loadTokenSecret: the key of duka's tokens: the configured one, or else one generated
// once and kept in auth_secrets, so tokens survive a restart. Every instance sharing the
// database then shares it too, but a configured secret is what production wants.
#pragma once

#include <duka/database.hpp>
#include <string>

namespace duka::auth {

// loadTokenSecret returns configured when it is not empty; generated tells the caller to
// warn that a development secret is in use.
std::string loadTokenSecret(Database& db, const std::string& configured, bool& generated);

}  // namespace duka::auth
