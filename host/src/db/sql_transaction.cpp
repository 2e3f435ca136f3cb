#include "db/sql_transaction.hpp"

using Poco::Data::Keywords::now;

namespace duka::host {

SqlTransaction::SqlTransaction(Poco::Data::Session& session, Backend backend, EventContext context,
                               EventDispatcher& events)
    : session_(session), backend_(backend), context_(std::move(context)), events_(events) {}

void SqlTransaction::publish(const std::string& name, Poco::JSON::Object::Ptr payload) {
  Event event{name, std::move(payload), context_, nowRfc3339()};
  published_.push_back(event);
  events_.runInTransaction(event, *this);
}

void SqlTransaction::begin() {
  if (backend_ == Backend::Sqlite) {
    session_ << "BEGIN IMMEDIATE", now;
  } else {
    session_.begin();
  }
}

void SqlTransaction::commit() {
  if (backend_ == Backend::Sqlite) {
    session_ << "COMMIT", now;
  } else {
    session_.commit();
  }
}

void SqlTransaction::rollback() noexcept {
  published_.clear();
  committed_.clear();
  memo_.clear();
  try {
    if (backend_ == Backend::Sqlite) {
      session_ << "ROLLBACK", now;
    } else {
      session_.rollback();
    }
  } catch (...) {
    // A failed rollback leaves a broken connection; the pool drops it when it comes back.
    try {
      session_.close();
    } catch (...) {
    }
  }
}

std::shared_ptr<void>& SqlTransaction::entry(std::string_view key) {
  for (auto& [name, value] : memo_) {
    if (name == key)
      return value;
  }
  return memo_.emplace_back(std::string(key), nullptr).second;
}

}  // namespace duka::host
