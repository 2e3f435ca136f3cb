// GreetingRepository: the SQL of the hello plugin's one table, hello_greetings.
#pragma once

#include <cstdint>
#include <duka/database.hpp>
#include <optional>
#include <string>

namespace hello {

struct Greeting {
  std::int64_t id = 0;
  std::string name;
  std::string createdAt;
};

class GreetingRepository {
 public:
  explicit GreetingRepository(duka::Database& db) : db_(db) {}

  // insert stores a greeting inside the caller's transaction and returns it.
  Greeting insert(duka::Transaction& tx, const std::string& name);
  std::optional<Greeting> find(std::int64_t id);
  std::int64_t count();

 private:
  duka::Database& db_;
};

}  // namespace hello
