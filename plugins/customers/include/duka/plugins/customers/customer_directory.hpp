// duka/plugins/customers/customer_directory.hpp: what the customers plugin answers other
// plugins (orders checks that a customer exists; sms addresses its messages), provided as
// "customers.directory". List "customers" in requires to look it up. The customers plugin
// also links every principal to its profile: customerIdOf reads that link.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/principal.hpp>
#include <optional>

#include "duka/plugins/customers/customer.hpp"

namespace duka::customers {

class CustomerDirectory {
 public:
  virtual ~CustomerDirectory() = default;
  // find reads the customer through tx, so it sees the caller's own uncommitted writes.
  virtual std::optional<Customer> find(Transaction& tx, std::int64_t id) const = 0;
};

inline constexpr const char* kCustomerDirectoryService = "customers.directory";
inline constexpr const char* kCustomerLink = "customer";  // Principal::links' name

// customerIdOf is the customer profile the caller's login owns, if any.
inline std::optional<std::int64_t> customerIdOf(const Principal& caller) {
  return caller.link(kCustomerLink);
}

}  // namespace duka::customers
