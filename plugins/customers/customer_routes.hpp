// CustomerRoutes: POST/GET /api/customers/ and GET/PATCH/DELETE /api/customers/{id}/.
#pragma once

#include <duka/sdk.hpp>

#include "customer_repository.hpp"

namespace duka::customers {

class CustomerRoutes {
 public:
  CustomerRoutes(Database& db, CustomerRepository& customers, std::string defaultCountryCode)
      : db_(db), customers_(customers), defaultCountryCode_(std::move(defaultCountryCode)) {}

  void addTo(Router& router);

 private:
  Response create(Request& request);
  Response list(Request& request);
  Response get(Request& request);
  Response patch(Request& request);
  Response remove(Request& request);

  // visible returns the customer when the caller may see it (staff, or its owner); any
  // other id is a 404, never a 403.
  Customer visible(const Request& request, std::int64_t id);
  // readFields reads the body's fields into customer; all are required when creating.
  void readFields(Request& request, Customer& customer, bool creating);
  // store writes customer in a transaction with its event, answering 409 on a collision.
  void store(Request& request, Customer& customer, bool creating);

  Database& db_;
  CustomerRepository& customers_;
  std::string defaultCountryCode_;
};

}  // namespace duka::customers
