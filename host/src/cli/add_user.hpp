// addUser: `duka --add-user=NAME [--staff]`: reads the new password (DUKA_PASSWORD, else
// standard input) and hands it to the AccountAdmin service of the plugin that keeps local
// accounts.
#pragma once

#include <string>

#include "services/service_directory.hpp"

namespace duka::host {

// addUser creates the account and returns the process exit status; it throws with a
// message for the operator when no plugin keeps accounts or the account is refused.
int addUser(const ServiceDirectory& services, const std::string& username, bool staff);

// readNewPassword returns DUKA_PASSWORD when set, else one line of standard input (without
// echo when it is a terminal), without its line ending.
std::string readNewPassword();

}  // namespace duka::host
