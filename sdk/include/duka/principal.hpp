// duka/principal.hpp: who is calling, as the plugins of duka/facility/identity.hpp say.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duka {

struct Principal {
  std::string subject;  // the JWT "sub": stable across logins
  std::string username;
  std::vector<std::string> roles;                          // "staff" or none
  std::map<std::string, std::int64_t, std::less<>> links;  // "customer" -> 42 (a PrincipalLinker)
  bool isStaff() const;
  std::optional<std::int64_t> link(std::string_view name) const;  // nullopt when not linked
};

inline constexpr const char* kStaffRole = "staff";

}  // namespace duka
