// Accounts: test helpers that make users of the real auth plugin and get their tokens,
// for every plugin's integration tests.
#pragma once

#include <duka/testing/http_client.hpp>
#include <string>

namespace duka::test {

inline constexpr const char* kTestPassword = "correct horse battery";

struct Tokens {
  std::string access;
  std::string refresh;
};

// registerUser registers username over HTTP (201 expected) and returns its tokens.
// credentials is the JSON body of a login or registration.
std::string credentials(const std::string& username, const std::string& password);

Tokens registerUser(HttpClient& client, const std::string& username,
                    const std::string& password = kTestPassword);
// login logs username in with a password (200 expected) and returns its tokens.
Tokens login(HttpClient& client, const std::string& username,
             const std::string& password = kTestPassword);
// addUser runs `duka --config=configPath --add-user=username [--staff]` (exit 0 expected).
void addUser(const std::string& configPath, const std::string& username, bool staff,
             const std::string& password = kTestPassword);

}  // namespace duka::test
