// duka/plugins/customers/customer_registry.hpp: customers found and registered by phone
// number, for plugins that serve a caller known only by the number it calls from (USSD, SMS
// commands), provided as "customers.registry". List "customers" in requires to look it up.
#pragma once

#include <duka/database.hpp>
#include <optional>
#include <string>

#include "duka/plugins/customers/customer.hpp"

namespace duka::customers {

class CustomerRegistry {
 public:
  virtual ~CustomerRegistry() = default;
  // findByPhone reads the customer whose phone_number is e164 ("+2547..."): through a
  // transaction, to see its own writes, or the database. Through the database the customer
  // may be one read up to a second ago (as this process last committed it; other instances'
  // writes show within the second); a number without a customer is always read afresh.
  virtual std::optional<Customer> findByPhone(SqlSession& session,
                                              const std::string& e164) const = 0;
  // registerPhone creates, in tx, an unlinked customer with that name and number and the
  // code "P" + the number's digits, publishing customer.created; a number that has a
  // customer already answers that customer.
  virtual Customer registerPhone(Transaction& tx, const std::string& name,
                                 const std::string& e164) = 0;
  // setSmsOptOut records, in tx, that the customer sent STOP (true) or START (false),
  // publishing customer.sms_opted_out or customer.sms_opted_in when it changes.
  virtual Customer setSmsOptOut(Transaction& tx, const Customer& customer, bool optOut) = 0;
};

inline constexpr const char* kCustomerRegistryService = "customers.registry";

}  // namespace duka::customers
