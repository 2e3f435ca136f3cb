// duka/accounts.hpp: the extension point behind `duka --add-user`: the plugin that keeps
// local accounts (auth) provides AccountAdmin, and the host calls it from the command line.
#pragma once

#include <string>

namespace duka {

// AccountAdmin creates local accounts outside any HTTP request.
class AccountAdmin {
 public:
  virtual ~AccountAdmin();
  // addLocalAccount creates username with password, staff when asked. It throws
  // std::invalid_argument naming the rule for a bad username or password, and
  // std::runtime_error when the username is taken. The password is never logged.
  virtual void addLocalAccount(const std::string& username, const std::string& password,
                               bool staff) = 0;
};

inline constexpr const char* kAccountAdminService = "duka.account_admin";

}  // namespace duka
