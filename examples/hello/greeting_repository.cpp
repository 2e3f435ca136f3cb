#include "greeting_repository.hpp"

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace hello {

Greeting GreetingRepository::insert(duka::Transaction& tx, const std::string& name) {
  Greeting greeting{0, name, duka::nowRfc3339()};
  tx.session() << "INSERT INTO hello_greetings (name, created_at) VALUES ($1, $2) RETURNING id",
      use(greeting.name), use(greeting.createdAt), into(greeting.id), now;
  return greeting;
}

std::optional<Greeting> GreetingRepository::find(std::int64_t id) {
  duka::DbSession session = db_.session();
  Greeting greeting;
  Poco::Data::Statement select(*session);
  select << "SELECT id, name, created_at FROM hello_greetings WHERE id = $1", use(id),
      into(greeting.id), into(greeting.name), into(greeting.createdAt);
  if (select.execute() == 0)
    return std::nullopt;
  return greeting;
}

std::int64_t GreetingRepository::count() {
  duka::DbSession session = db_.session();
  Poco::Int64 n = 0;
  *session << "SELECT COUNT(*) FROM hello_greetings", into(n), now;
  return n;
}

}  // namespace hello
