// Principal helpers and the key functions of the identity interfaces.
#include "duka/principal.hpp"

#include <algorithm>

#include "duka/facility/identity.hpp"

namespace duka {

bool Principal::isStaff() const {
  return std::find(roles.begin(), roles.end(), kStaffRole) != roles.end();
}

std::optional<std::int64_t> Principal::link(std::string_view name) const {
  const auto found = links.find(name);
  if (found == links.end())
    return std::nullopt;
  return found->second;
}

Authenticator::~Authenticator() = default;
ClientAuthenticator::~ClientAuthenticator() = default;
PrincipalLinker::~PrincipalLinker() = default;

}  // namespace duka
