// duka/plugins/customers/customer_rows.hpp: the customers plugin's table, published for
// other plugins to read (reports). This declaration is the stable contract within
// customers 1.x: a column here keeps its name and meaning. Read it, never write it
// (customers' rules and events go with every write). List "customers" in requires.
#pragma once

#include <duka/rows.hpp>

#include "duka/plugins/customers/customer.hpp"

namespace duka::customers {

// kCustomerRows reads a customer: subject and email "" when none, times RFC 3339.
inline const Rows<Customer> kCustomerRows = Rows<Customer>("customers_customers")
                                                .column("id", &Customer::id)
                                                .column("COALESCE(subject, '')", &Customer::subject)
                                                .column("name", &Customer::name)
                                                .column("code", &Customer::code)
                                                .column("phone_number", &Customer::phoneNumber)
                                                .column("COALESCE(email, '')", &Customer::email)
                                                .column("sms_opt_out", &Customer::smsOptOut)
                                                .column("created_at", &Customer::createdAt)
                                                .column("updated_at", &Customer::updatedAt);

}  // namespace duka::customers
