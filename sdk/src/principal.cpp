// Principal helpers and the Authenticator's key function.
#include <algorithm>

#include "duka/principal.hpp"

namespace duka {

bool Principal::isStaff() const {
  return std::find(roles.begin(), roles.end(), kStaffRole) != roles.end();
}

Authenticator::~Authenticator() = default;

}  // namespace duka
