// CustomerDirectory: what the customers plugin answers other plugins (orders checks that
// a customer exists; sms addresses its messages), registered as "customers.directory".
// Declare "customers" in your plugin's requires to use it.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <optional>
#include <string>

namespace duka::customers {

struct CustomerView {
  std::int64_t id = 0;
  std::string name;
  std::string code;
  std::string phoneNumber;  // E.164
  std::string email;        // "" when none
};

class CustomerDirectory {
 public:
  virtual ~CustomerDirectory() = default;
  // find reads the customer through tx, so it sees the caller's own uncommitted writes.
  virtual std::optional<CustomerView> find(Transaction& tx, std::int64_t id) const = 0;
};

inline constexpr const char* kCustomerDirectoryService = "customers.directory";

}  // namespace duka::customers
