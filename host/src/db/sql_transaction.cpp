#include "db/sql_transaction.hpp"

#include <Poco/Logger.h>

namespace duka::host {

SqlTransaction::SqlTransaction(SqlConnection& connection, EventContext context,
                               const EventSubscribers& subscribers)
    : connection_(connection), context_(std::move(context)), subscribers_(subscribers) {}

void SqlTransaction::publishJson(const std::string& name, Poco::JSON::Object::Ptr payload) {
  Event event{name, std::move(payload), context_, nowRfc3339()};
  published_.push_back(event);
  subscribers_.runInTransaction(event, *this);
}

void runCommitHooks(std::vector<std::function<void()>> hooks) {
  for (auto& hook : hooks) {
    try {
      hook();
    } catch (const std::exception& e) {
      Poco::Logger::get("duka.db").error("an on-commit hook threw: %s", std::string(e.what()));
    }
  }
}

bool& insideWrite() {
  thread_local bool writing = false;
  return writing;
}

}  // namespace duka::host
