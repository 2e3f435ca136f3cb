#include "customer_routes.hpp"

#include "phone_number.hpp"

namespace duka::customers {

namespace {

constexpr const char* kCustomerSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},)"
    R"("code":{"type":"string"},"phone_number":{"type":"string"},)"
    R"("email":{"type":["string","null"]},"created_at":{"type":"string"},)"
    R"("updated_at":{"type":"string"}}})";
constexpr const char* kCustomerInput =
    R"({"type":"object","required":["name","code","phone_number"],"properties":)"
    R"({"name":{"type":"string","maxLength":200},"code":{"type":"string","maxLength":50},)"
    R"("phone_number":{"type":"string"},"email":{"type":["string","null"]}}})";

}  // namespace

void CustomerRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/customers/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Create a customer (a non-staff caller: its own profile, once)",
              .requestSchema = kCustomerInput,
              .responseSchema = kCustomerSchema,
              .successStatus = 201});
  router.add({.method = "GET",
              .path = "/api/customers/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Customers (staff: all, ?search=; others: their own)",
              .responseSchema = listSchema(kCustomerSchema)});
  router.add({.method = "GET",
              .path = "/api/customers/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One customer (owner or staff)",
              .responseSchema = kCustomerSchema});
  router.add({.method = "PATCH",
              .path = "/api/customers/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return patch(r); },
              .summary = "Change a customer (owner or staff)",
              .requestSchema = kCustomerInput,
              .responseSchema = kCustomerSchema});
  router.add({.method = "DELETE",
              .path = "/api/customers/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return remove(r); },
              .summary = "Delete a customer (409 while it has open orders)",
              .successStatus = 204});
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
  const auto name = body.string("name", creating, 1, 200);
  const auto code = body.string("code", creating, 1, 50);
  const auto phone = body.string("phone_number", creating, 1, 50);
  const Poco::JSON::Object::Ptr json = request.json();
  const bool emailGiven = json && json->has("email");  // null clears it
  const auto email = body.string("email", false, 0, 254);
  if (phone) {
    if (auto normalised = normalisePhoneNumber(*phone, defaultCountryCode_))
      customer.phoneNumber = *normalised;
    else
      body.ruleError("phone_number", "must be a phone number of 8 to 15 digits");
  }
  if (email && !email->empty() && !isEmailAddress(*email))
    body.ruleError("email", "must be an email address");
  body.finish();
  if (name)
    customer.name = *name;
  if (code)
    customer.code = *code;
  if (emailGiven)
    customer.email = email.value_or("");  // null or "" clears it
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
        tx.publish("customer.created", customer.toJson());
      } else {
        customers_.update(tx, customer);
        tx.publish("customer.updated", customer.toJson());
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
  return Response::json(201, customer.toJson());
}

Response CustomerRoutes::list(Request& request) {
  const Page page = Page::of(request);
  Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
  const Principal& caller = request.caller();
  std::int64_t count = 0;
  if (caller.isStaff()) {
    for (const auto& customer :
         customers_.list(request.query("search").value_or(""), page.limit, page.offset, count)) {
      results->add(customer.toJson());
    }
  } else if (const auto id = customers_.idOfSubject(caller.subject)) {
    count = 1;
    if (page.offset == 0) {
      if (const auto customer = customers_.find(*id))
        results->add(customer->toJson());
    }
  }
  return Response::json(200, page.envelope(request, count, results));
}

Response CustomerRoutes::get(Request& request) {
  return Response::json(200, visible(request, request.idParam("id")).toJson());
}

Response CustomerRoutes::patch(Request& request) {
  Customer customer = visible(request, request.idParam("id"));
  readFields(request, customer, false);
  store(request, customer, false);
  return Response::json(200, customer.toJson());
}

Response CustomerRoutes::remove(Request& request) {
  const std::int64_t id = request.idParam("id");
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    const auto customer = customers_.find(tx, id);
    if (!customer)
      throw notFound("No customer with that id.");
    // Publish first: the orders plugin vetoes (409) while the customer has open orders.
    tx.publish("customer.deleted", customer->toJson());
    customers_.remove(tx, id);
  });
  return Response::noContent();
}

}  // namespace duka::customers
