// Principal helpers and the key functions of the identity interfaces.
#include "duka/principal.hpp"

#include <algorithm>

namespace duka {

bool Principal::isStaff() const {
  return std::find(roles.begin(), roles.end(), kStaffRole) != roles.end();
}

Authenticator::~Authenticator() = default;
CustomerLinks::~CustomerLinks() = default;

}  // namespace duka
