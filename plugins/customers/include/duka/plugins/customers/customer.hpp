// duka/plugins/customers/customer.hpp: the customer as the API and the customer.* events
// show it, declared once. Subscribers to these events list "customers" in requires.
#pragma once

#include <cstdint>
#include <duka/events.hpp>
#include <string>

namespace duka::customers {

struct Customer {
  std::int64_t id = 0;
  std::string subject;  // the login linked to it, "" for none; never on the wire
  std::string name;
  std::string code;
  std::string phoneNumber;  // E.164
  std::string email;        // "" when none
  bool smsOptOut = false;   // STOP by SMS: duka sends the number nothing until START
  std::string createdAt;
  std::string updatedAt;
};

inline const Shape<Customer>& customerShape() {
  static const Shape<Customer> shape =
      Shape<Customer>("Customer", "A buyer: a shop, a business or a person")
          .field("id", &Customer::id, {.readOnly = true})
          .field("name", &Customer::name, {.required = true, .maxLength = 200})
          .field("code", &Customer::code,
                 {.description = "The shop's own reference, unique",
                  .required = true,
                  .maxLength = 50})
          .field("phone_number", &Customer::phoneNumber,
                 {.description = "E.164; a local number (07...) gains the default country code; "
                                 "unique",
                  .required = true,
                  .maxLength = 50})
          .field("email", &Customer::email,
                 {.nullable = true, .minLength = 0, .maxLength = 254, .format = "email"})
          .field("sms_opt_out", &Customer::smsOptOut,
                 {.description = "The customer sent STOP by SMS: duka sends it no SMS until "
                                 "START",
                  .readOnly = true})
          .field("created_at", &Customer::createdAt, {.readOnly = true, .format = "date-time"})
          .field("updated_at", &Customer::updatedAt, {.readOnly = true, .format = "date-time"});
  return shape;
}

// The events the customers plugin publishes; each payload is a Customer.
inline constexpr EventType<Customer> kCustomerCreated{"customer.created", customerShape};
inline constexpr EventType<Customer> kCustomerUpdated{"customer.updated", customerShape};
// customer.sms_opted_out and customer.sms_opted_in: STOP and START by SMS (SPEC 12).
inline constexpr EventType<Customer> kCustomerSmsOptedOut{"customer.sms_opted_out", customerShape};
inline constexpr EventType<Customer> kCustomerSmsOptedIn{"customer.sms_opted_in", customerShape};
// kCustomerDeleted is published before the row goes: a subscriber vetoes by throwing.
inline constexpr EventType<Customer> kCustomerDeleted{"customer.deleted", customerShape};

}  // namespace duka::customers
