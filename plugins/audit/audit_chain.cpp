#include "audit_chain.hpp"

#include <Poco/DigestEngine.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace duka::audit {

namespace {

// Sha256 is OpenSSL's SHA-256, fetched once: it uses the CPU's SHA instructions where there
// are some. Poco's own SHA2Engine, and Poco::Crypto::DigestEngine's lookup and re-initialising
// per digest, took a tenth of the SQLite writer thread's instructions per order (callgrind).
// Freed when the plugin is unloaded.
struct Sha256 {
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  Sha256() = default;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  ~Sha256() { EVP_MD_free(md); }
};

const EVP_MD* sha256() {
  static const Sha256 sha;
  if (!sha.md)
    throw std::runtime_error("OpenSSL has no SHA-256");
  return sha.md;
}

}  // namespace

std::string chainHash(const AuditRow& row) {
  // The canonical text: each field as "<bytes>:<field>\n", hashed in one piece.
  std::string text;
  text.reserve(row.prevHash.size() + row.at.size() + row.action.size() + row.actor.size() +
               row.entity.size() + row.entityId.size() + row.requestId.size() + row.data.size() +
               8 * 8);
  for (const std::string* field : {&row.prevHash, &row.at, &row.action, &row.actor, &row.entity,
                                   &row.entityId, &row.requestId, &row.data}) {
    text += std::to_string(field->size());
    text += ':';
    text += *field;
    text += '\n';
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(text.data(), text.size(), digest, &length, sha256(), nullptr))
    throw std::runtime_error("SHA-256 of an audit row failed");
  return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(digest, digest + length));
}

}  // namespace duka::audit
