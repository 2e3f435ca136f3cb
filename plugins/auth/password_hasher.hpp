// PasswordHasher: salted PBKDF2-HMAC-SHA256 password hashes in Django's text format,
// `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, so accounts can move between the two.
#pragma once

#include <string>

namespace duka::auth {

class PasswordHasher {
 public:
  explicit PasswordHasher(int iterations);

  // hash returns a new encoded hash of password with a fresh random salt.
  std::string hash(const std::string& password) const;
  // verify tells whether password matches encoded, comparing in constant time. A malformed
  // encoded value never matches.
  bool verify(const std::string& password, const std::string& encoded) const;
  // burn costs what a verify costs, for logins of unknown users, so that the answer's
  // timing does not tell which usernames exist.
  void burn(const std::string& password) const;
  int iterations() const { return iterations_; }

 private:
  int iterations_;
};

// derivePbkdf2Sha256 is PBKDF2-HMAC-SHA256 of password and salt, 32 bytes.
std::string derivePbkdf2Sha256(const std::string& password, const std::string& salt,
                               int iterations);

}  // namespace duka::auth
