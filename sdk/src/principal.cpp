// Principal helpers and the Authenticator's key function.
#include "duka/principal.hpp"

#include <algorithm>

namespace duka {

bool Principal::isStaff() const {
  return std::find(roles.begin(), roles.end(), kStaffRole) != roles.end();
}

Authenticator::~Authenticator() = default;

}  // namespace duka
