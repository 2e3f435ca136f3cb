#include "greeting_repository.hpp"

namespace hello {

Greeting GreetingRepository::insert(duka::Transaction& tx, const std::string& name) {
  Greeting greeting{0, name, duka::nowRfc3339()};
  greeting.id = tx.insert("INSERT INTO hello_greetings (name, created_at) VALUES ($1, $2)",
                          {greeting.name, greeting.createdAt});
  return greeting;
}

std::optional<Greeting> GreetingRepository::find(std::int64_t id) {
  std::optional<Greeting> found;
  db_.run("SELECT id, name, created_at FROM hello_greetings WHERE id = $1", {id},
          [&](const duka::SqlRow& row) {
            found = Greeting{row.integer(0), row.text(1), row.text(2)};
          });
  return found;
}

std::int64_t GreetingRepository::count() {
  std::int64_t n = 0;
  db_.run("SELECT COUNT(*) FROM hello_greetings", {},
          [&](const duka::SqlRow& row) { n = row.integer(0); });
  return n;
}

}  // namespace hello
