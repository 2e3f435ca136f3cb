// CustomerRepository: the customers_customers table. SQL lives here only.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <duka/database.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::customers {

struct Customer {
  std::int64_t id = 0;
  std::string subject;  // "" when no login is linked (created by staff)
  std::string name;
  std::string code;
  std::string phoneNumber;
  std::string email;  // "" when none
  std::string createdAt;
  std::string updatedAt;

  // toJson is the customer as the API and the events show it.
  Poco::JSON::Object::Ptr toJson() const;
};

// UniqueField names the field a write collided on.
enum class UniqueField { None, Code, PhoneNumber, Subject };

class CustomerRepository {
 public:
  explicit CustomerRepository(Database& db) : db_(db) {}

  std::optional<Customer> find(std::int64_t id);
  std::optional<Customer> find(Transaction& tx, std::int64_t id);
  std::optional<std::int64_t> idOfSubject(const std::string& subject);
  // list returns one page of customers whose name, code or phone contains search (any
  // case); count is the number of all matches.
  std::vector<Customer> list(const std::string& search, std::int64_t limit, std::int64_t offset,
                             std::int64_t& count);

  // collision tells which unique field of customer another row already holds.
  UniqueField collision(Transaction& tx, const Customer& customer);
  void insert(Transaction& tx, Customer& customer);
  void update(Transaction& tx, Customer& customer);
  void remove(Transaction& tx, std::int64_t id);

 private:
  Database& db_;
};

}  // namespace duka::customers
