#include "customer_repository.hpp"

#include <duka/plugins/customers/customer_rows.hpp>

namespace duka::customers {

namespace {

std::optional<Customer> selectOne(SqlSession& session, std::int64_t id) {
  return kCustomerRows.one(session, "WHERE id = $1", {id});
}

}  // namespace

std::optional<Customer> CustomerRepository::find(std::int64_t id) {
  return selectOne(db_, id);
}

std::optional<Customer> CustomerRepository::find(Transaction& tx, std::int64_t id) {
  return selectOne(tx, id);
}

std::optional<Customer> CustomerRepository::findByPhone(SqlSession& session,
                                                        const std::string& e164) {
  const auto read = [&] { return kCustomerRows.one(session, "WHERE phone_number = $1", {e164}); };
  // A transaction reads what it wrote itself, which byPhone_ may not show yet.
  if (dynamic_cast<Transaction*>(&session) != nullptr)
    return read();
  if (auto kept = byPhone_.find(e164))
    return kept;
  const std::uint64_t generation = byPhone_.generation();
  auto customer = read();
  // Not kept when missing: a number another instance has just registered is found at once.
  if (customer)
    byPhone_.store(e164, generation, *customer);
  return customer;
}

bool CustomerRepository::setSmsOptOut(Transaction& tx, Customer& customer, bool optOut) {
  byPhone_.invalidateWith(tx);
  const std::string at = nowRfc3339();
  if (tx.run("UPDATE customers_customers SET sms_opt_out = $1, updated_at = $2 WHERE id = $3 "
             "AND sms_opt_out <> $1",
             {static_cast<std::int64_t>(optOut ? 1 : 0), at, customer.id}) != 1)
    return false;
  customer.smsOptOut = optOut;
  customer.updatedAt = at;
  return true;
}

std::optional<std::int64_t> CustomerRepository::idOfSubject(const std::string& subject) {
  std::optional<std::int64_t> id;
  db_.run("SELECT id FROM customers_customers WHERE subject = $1", {subject},
          [&](const SqlRow& row) { id = row.integer(0); });
  return id;
}

Listing<Customer> CustomerRepository::list(const std::string& search, const Page& page) {
  const std::string pattern = containsPattern(search);
  ListQuery query;
  if (!search.empty()) {
    query.also(
        "LOWER(name) LIKE LOWER(?) ESCAPE '\\' OR LOWER(code) LIKE LOWER(?) ESCAPE '\\' OR "
        "phone_number LIKE ? ESCAPE '\\'",
        {pattern, pattern, pattern});
  }
  return page.read(db_, kCustomerRows, query);
}

UniqueField CustomerRepository::collision(Transaction& tx, const Customer& customer) {
  std::string otherCode, otherSubject;
  const std::size_t found = tx.run(
      "SELECT code, COALESCE(subject, '') FROM customers_customers "
      "WHERE id <> $1 AND (code = $2 OR phone_number = $3 OR subject = $4) LIMIT 1",
      {customer.id, customer.code, customer.phoneNumber, customer.subject}, [&](const SqlRow& row) {
        otherCode = row.text(0);
        otherSubject = row.text(1);
      });
  if (found == 0)
    return UniqueField::None;
  if (!customer.subject.empty() && otherSubject == customer.subject)
    return UniqueField::Subject;
  if (otherCode == customer.code)
    return UniqueField::Code;
  return UniqueField::PhoneNumber;
}

void CustomerRepository::insert(Transaction& tx, Customer& customer) {
  byPhone_.invalidateWith(tx);
  customer.createdAt = customer.updatedAt = nowRfc3339();
  customer.id = tx.insert(
      "INSERT INTO customers_customers (subject, name, code, phone_number, email, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {nullIfEmpty(customer.subject), customer.name, customer.code, customer.phoneNumber,
       nullIfEmpty(customer.email), customer.createdAt, customer.updatedAt});
}

void CustomerRepository::update(Transaction& tx, Customer& customer) {
  byPhone_.invalidateWith(tx);
  customer.updatedAt = nowRfc3339();
  tx.run(
      "UPDATE customers_customers SET name = $1, code = $2, phone_number = $3, email = $4, "
      "updated_at = $5 WHERE id = $6",
      {customer.name, customer.code, customer.phoneNumber, nullIfEmpty(customer.email),
       customer.updatedAt, customer.id});
}

void CustomerRepository::remove(Transaction& tx, std::int64_t id) {
  byPhone_.invalidateWith(tx);
  tx.run("DELETE FROM customers_customers WHERE id = $1", {id});
}

}  // namespace duka::customers
