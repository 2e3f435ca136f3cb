#include "greeting_repository.hpp"

#include <duka/rows.hpp>

namespace hello {

// kGreetingRows is hello_greetings' columns, each bound to its member: the SELECT list and
// the reading of a row in one declaration.
const duka::Rows<Greeting> kGreetingRows = duka::Rows<Greeting>("hello_greetings")
                                               .column("id", &Greeting::id)
                                               .column("name", &Greeting::name)
                                               .column("created_at", &Greeting::createdAt);

Greeting GreetingRepository::insert(duka::Transaction& tx, const std::string& name) {
  Greeting greeting{0, name, duka::nowRfc3339()};
  greeting.id = tx.insert("INSERT INTO hello_greetings (name, created_at) VALUES ($1, $2)",
                          {greeting.name, greeting.createdAt});
  return greeting;
}

std::optional<Greeting> GreetingRepository::find(std::int64_t id) {
  return kGreetingRows.one(db_, "WHERE id = $1", {id});
}

std::int64_t GreetingRepository::count() {
  std::int64_t n = 0;
  db_.run("SELECT COUNT(*) FROM hello_greetings", {},
          [&](const duka::SqlRow& row) { n = row.integer(0); });
  return n;
}

}  // namespace hello
