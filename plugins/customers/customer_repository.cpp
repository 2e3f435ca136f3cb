#include "customer_repository.hpp"

#include <Poco/Data/Statement.h>

#include "duka/sql.hpp"
#include "duka/transaction_memo.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace duka::customers {

namespace {

constexpr const char* kColumns =
    "id, COALESCE(subject, ''), name, code, phone_number, COALESCE(email, ''), created_at, "
    "updated_at";

// memoKey names a customer in a transaction's memo.
std::string memoKey(std::int64_t id) {
  return "customers.customer:" + std::to_string(id);
}

std::optional<Customer> selectOne(Poco::Data::Session& session, std::int64_t id) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM customers_customers WHERE id = $1";
  std::optional<Customer> found;
  runSql(session, sql, {id}, [&](const SqlRow& row) {
    found.emplace(Customer{.id = row.integer(0),
                           .subject = row.text(1),
                           .name = row.text(2),
                           .code = row.text(3),
                           .phoneNumber = row.text(4),
                           .email = row.text(5),
                           .createdAt = row.text(6),
                           .updatedAt = row.text(7)});
  });
  return found;
}

}  // namespace

Poco::JSON::Object::Ptr Customer::toJson() const {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("id", id);
  json->set("name", name);
  json->set("code", code);
  json->set("phone_number", phoneNumber);
  json->set("email", email.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(email));
  json->set("created_at", createdAt);
  json->set("updated_at", updatedAt);
  return json;
}

std::optional<Customer> CustomerRepository::find(std::int64_t id) {
  DbSession session = db_.session();
  return selectOne(*session, id);
}

std::optional<Customer> CustomerRepository::find(Transaction& tx, std::int64_t id) {
  // An order's transaction reads its customer twice: orders checks it, sms addresses it.
  const std::string key = memoKey(id);
  if (const auto kept = memoized<Customer>(tx, key))
    return *kept;
  auto customer = selectOne(tx.session(), id);
  if (customer)
    memoize(tx, key, *customer);
  return customer;
}

std::optional<std::int64_t> CustomerRepository::idOfSubject(const std::string& subject) {
  DbSession session = db_.session();
  std::optional<std::int64_t> id;
  runSql(*session, "SELECT id FROM customers_customers WHERE subject = $1", {subject},
         [&](const SqlRow& row) { id = row.integer(0); });
  return id;
}

std::vector<Customer> CustomerRepository::list(const std::string& search, std::int64_t limit,
                                               std::int64_t offset, std::int64_t& count) {
  DbSession session = db_.session();
  std::string pattern = containsPattern(search);
  Poco::Int64 total = 0, lim = limit, off = offset;
  const std::string where =
      " FROM customers_customers WHERE LOWER(name) LIKE LOWER($1) ESCAPE '\\' OR "
      "LOWER(code) LIKE LOWER($1) ESCAPE '\\' OR phone_number LIKE $1 ESCAPE '\\'";
  *session << "SELECT COUNT(*)" + where, use(pattern), into(total), now;
  count = total;
  std::vector<Customer> customers;
  Customer c;
  Poco::Data::Statement select(*session);
  select << "SELECT " + std::string(kColumns) + where + " ORDER BY id LIMIT $2 OFFSET $3",
      use(pattern), use(lim), use(off), into(c.id), into(c.subject), into(c.name), into(c.code),
      into(c.phoneNumber), into(c.email), into(c.createdAt), into(c.updatedAt),
      Poco::Data::Keywords::range(0, 1);
  while (!select.done()) {
    if (select.execute() > 0)
      customers.push_back(c);
  }
  return customers;
}

UniqueField CustomerRepository::collision(Transaction& tx, const Customer& customer) {
  Poco::Int64 id = customer.id;
  std::string code = customer.code, phone = customer.phoneNumber, subject = customer.subject;
  std::string otherCode, otherPhone, otherSubject;
  Poco::Data::Statement select(tx.session());
  select << "SELECT code, phone_number, COALESCE(subject, '') FROM customers_customers "
            "WHERE id <> $1 AND (code = $2 OR phone_number = $3 OR subject = $4) LIMIT 1",
      use(id), use(code), use(phone), use(subject), into(otherCode), into(otherPhone),
      into(otherSubject);
  if (select.execute() == 0)
    return UniqueField::None;
  if (!customer.subject.empty() && otherSubject == customer.subject)
    return UniqueField::Subject;
  if (otherCode == customer.code)
    return UniqueField::Code;
  return UniqueField::PhoneNumber;
}

void CustomerRepository::insert(Transaction& tx, Customer& customer) {
  customer.createdAt = customer.updatedAt = nowRfc3339();
  auto subject = nullIfEmpty(customer.subject);
  auto email = nullIfEmpty(customer.email);
  tx.session() << "INSERT INTO customers_customers (subject, name, code, phone_number, email, "
                  "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      use(subject), use(customer.name), use(customer.code), use(customer.phoneNumber), use(email),
      use(customer.createdAt), use(customer.updatedAt), into(customer.id), now;
}

void CustomerRepository::update(Transaction& tx, Customer& customer) {
  forget(tx, memoKey(customer.id));
  customer.updatedAt = nowRfc3339();
  auto email = nullIfEmpty(customer.email);
  Poco::Int64 id = customer.id;
  tx.session() << "UPDATE customers_customers SET name = $1, code = $2, phone_number = $3, "
                  "email = $4, updated_at = $5 WHERE id = $6",
      use(customer.name), use(customer.code), use(customer.phoneNumber), use(email),
      use(customer.updatedAt), use(id), now;
}

void CustomerRepository::remove(Transaction& tx, std::int64_t id) {
  forget(tx, memoKey(id));
  Poco::Int64 key = id;
  tx.session() << "DELETE FROM customers_customers WHERE id = $1", use(key), now;
}

}  // namespace duka::customers
