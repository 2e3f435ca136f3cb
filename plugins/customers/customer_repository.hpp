// CustomerRepository: the customers_customers table. SQL lives here only.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <duka/facility/pagination.hpp>
#include <duka/facility/recent_reads.hpp>
#include <duka/plugins/customers/customer.hpp>
#include <optional>
#include <string>
#include <vector>

namespace duka::customers {

// UniqueField names the field a write collided on.
enum class UniqueField { None, Code, PhoneNumber, Subject };

class CustomerRepository {
 public:
  explicit CustomerRepository(Database& db) : db_(db) {}

  std::optional<Customer> find(std::int64_t id);
  std::optional<Customer> find(Transaction& tx, std::int64_t id);
  std::optional<std::int64_t> idOfSubject(const std::string& subject);
  // findByPhone reads through session; outside a transaction a customer found in the last
  // second may answer (every write through this repository drops them; a number without a
  // customer is always read afresh).
  std::optional<Customer> findByPhone(SqlSession& session, const std::string& e164);
  // list returns one page of the customers whose name, code or phone contains search
  // (any case).
  Listing<Customer> list(const std::string& search, const Page& page);

  // collision tells which unique field of customer another row already holds.
  UniqueField collision(Transaction& tx, const Customer& customer);
  void insert(Transaction& tx, Customer& customer);
  void update(Transaction& tx, Customer& customer);
  void remove(Transaction& tx, std::int64_t id);
  // setSmsOptOut sets the customer's opt-out; false when it was so already.
  bool setSmsOptOut(Transaction& tx, Customer& customer, bool optOut);

 private:
  Database& db_;
  RecentReads<Customer> byPhone_;  // the USSD menu finds its caller on every step
};

}  // namespace duka::customers
