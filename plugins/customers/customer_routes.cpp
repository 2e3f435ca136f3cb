#include "customer_routes.hpp"

#include "duka/plugins/customers/phone_number.hpp"

namespace duka::customers {

namespace {

struct CustomerFilter {
  std::string search;
};

const Shape<CustomerFilter>& filterShape() {
  static const Shape<CustomerFilter> shape =
      Shape<CustomerFilter>("CustomerFilter")
          .field("search", &CustomerFilter::search,
                 {.description =
                      "Staff: customers whose name, code or phone number contains this, any case"});
  return shape;
}

}  // namespace

void CustomerRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/customers/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Create a customer (a non-staff caller: its own profile, once)",
              .request = &customerShape(),
              .response = &customerShape(),
              .problems = {{409, "The caller has a profile, or the code or phone is taken"}},
              .successStatus = 201,
              .scope = "customers:write"});
  router.add({.method = "GET",
              .path = "/api/customers/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Customers (staff: all, ?search=; others: their own)",
              .response = &customerShape(),
              .list = true,
              .query = &filterShape(),
              .scope = "customers:read"});
  router.add({.method = "GET",
              .path = "/api/customers/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One customer (owner or staff)",
              .response = &customerShape(),
              .scope = "customers:read"});
  router.add({.method = "PATCH",
              .path = "/api/customers/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return patch(r); },
              .summary = "Change a customer (owner or staff)",
              .request = &customerShape(),
              .response = &customerShape(),
              .problems = {{409, "The code or phone number is taken"}},
              .scope = "customers:write"});
  router.add({.method = "DELETE",
              .path = "/api/customers/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return remove(r); },
              .summary = "Delete a customer (409 while it has open orders)",
              .body = BodyKind::Any,
              .problems = {{409, "The customer has open orders"}},
              .successStatus = 204,
              .scope = "customers:write"});
}

Customer CustomerRoutes::visible(const Request& request, std::int64_t id) {
  auto customer = customers_.find(id);
  const Principal& caller = request.caller();
  if (!customer || (!caller.isStaff() && customer->subject != caller.subject))
    throw notFound("No customer with that id.");
  return *customer;
}

void CustomerRoutes::readFields(Request& request, Customer& customer, bool creating) {
  JsonBody body(request);
  const bool phoneGiven = body.has("phone_number");
  customerShape().read(body, customer, creating ? Input::Create : Input::Patch);
  if (phoneGiven && body.ok()) {
    if (auto normalised = normalisePhoneNumber(customer.phoneNumber, defaultCountryCode_))
      customer.phoneNumber = *normalised;
    else
      body.ruleError("phone_number", "must be a phone number of 8 to 15 digits");
  }
  body.finish();
}

void CustomerRoutes::store(Request& request, Customer& customer, bool creating) {
  try {
    db_.write(EventContext::of(request), [&](Transaction& tx) {
      switch (customers_.collision(tx, customer)) {
        case UniqueField::Subject:
          throw conflict("You already have a customer profile.");
        case UniqueField::Code:
          throw conflict("Another customer has that code.", {{"code", {"is taken"}}});
        case UniqueField::PhoneNumber:
          throw conflict("Another customer has that phone number.",
                         {{"phone_number", {"is taken"}}});
        case UniqueField::None:
          break;
      }
      if (creating) {
        customers_.insert(tx, customer);
        tx.publish(kCustomerCreated, customer);
      } else {
        customers_.update(tx, customer);
        tx.publish(kCustomerUpdated, customer);
      }
    });
  } catch (const HttpError&) {
    throw;
  } catch (const std::exception& e) {
    // Two writers raced to the same value on PostgreSQL; the loser learns it here.
    if (isUniqueViolation(e))
      throw conflict("Another customer has that code, phone number or login.");
    throw;
  }
}

Response CustomerRoutes::create(Request& request) {
  Customer customer;
  readFields(request, customer, true);
  const Principal& caller = request.caller();
  if (!caller.isStaff())
    customer.subject = caller.subject;  // staff create unlinked customers
  store(request, customer, true);
  return customerShape().answer(201, customer);
}

Response CustomerRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const CustomerFilter filter = filterShape().query(request);
  const Principal& caller = request.caller();
  Listing<Customer> listing;
  if (caller.isStaff()) {
    listing = customers_.list(filter.search, page);
  } else if (const auto id = customers_.idOfSubject(caller.subject)) {
    listing.count = 1;
    if (page.offset == 0) {
      if (auto customer = customers_.find(*id))
        listing.results.push_back(std::move(*customer));
    }
  }
  return page.answer(request, customerShape(), listing);
}

Response CustomerRoutes::get(Request& request) {
  return customerShape().answer(200, visible(request, request.idParam("id")));
}

Response CustomerRoutes::patch(Request& request) {
  Customer customer = visible(request, request.idParam("id"));
  readFields(request, customer, false);
  store(request, customer, false);
  return customerShape().answer(200, customer);
}

Response CustomerRoutes::remove(Request& request) {
  const std::int64_t id = request.idParam("id");
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    const auto customer = customers_.find(tx, id);
    if (!customer)
      throw notFound("No customer with that id.");
    // Publish first: the orders plugin vetoes (409) while the customer has open orders.
    tx.publish(kCustomerDeleted, *customer);
    customers_.remove(tx, id);
  });
  return Response::noContent();
}

}  // namespace duka::customers
