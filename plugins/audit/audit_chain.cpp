#include "audit_chain.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace duka::audit {

std::string chainHash(const AuditRow& row) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  for (const std::string* field : {&row.prevHash, &row.at, &row.action, &row.actor, &row.entity,
                                   &row.entityId, &row.requestId, &row.data}) {
    sha.update(std::to_string(field->size()));
    sha.update(':');
    sha.update(*field);
    sha.update('\n');
  }
  return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace duka::audit
