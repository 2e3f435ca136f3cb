#include "cli/add_user.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "duka/facility/identity.hpp"

namespace duka::host {

namespace {

// EchoOff turns off the terminal's echo while the password is typed.
class EchoOff {
 public:
  EchoOff() {
    if (::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~EchoOff() {
    if (active_) {
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
      std::cerr << "\n";
    }
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace

std::string readNewPassword() {
  if (const char* fromEnv = std::getenv("DUKA_PASSWORD"))
    return fromEnv;
  if (::isatty(STDIN_FILENO))
    std::cerr << "Password: " << std::flush;
  std::string password;
  {
    EchoOff echoOff;
    std::getline(std::cin, password);
  }
  if (!password.empty() && password.back() == '\r')
    password.pop_back();
  return password;
}

int addUser(const ServiceDirectory& services, const std::string& username, bool staff) {
  auto admin = std::static_pointer_cast<AccountAdmin>(
      services.find(kAccountAdminService, typeid(AccountAdmin).name()));
  if (!admin) {
    throw std::runtime_error(
        "--add-user: no enabled plugin keeps local accounts (enable the auth plugin in "
        "[plugins] enabled and set [auth] local_accounts = true)");
  }
  try {
    admin->addLocalAccount(username, readNewPassword(), staff);
  } catch (const std::exception& e) {
    throw std::runtime_error("--add-user=" + username + ": " + e.what());
  }
  std::cout << "created " << (staff ? "staff account " : "account ") << username << "\n";
  return 0;
}

}  // namespace duka::host
