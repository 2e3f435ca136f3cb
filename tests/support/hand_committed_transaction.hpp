// HandCommittedTransaction is a Transaction without a database, for unit tests of what
// plugins do around one: its statements throw, its events go nowhere, and its commit hooks
// run when the test calls commit().
#pragma once

#include <functional>
#include <stdexcept>
#include <vector>

#include "duka/database.hpp"

namespace duka::testing {

class HandCommittedTransaction : public Transaction {
 public:
  const EventContext& context() const override { return context_; }
  void onCommit(std::function<void()> fn) override { commitHooks_.push_back(std::move(fn)); }
  void commit() {
    for (auto& hook : commitHooks_)
      hook();
  }

 protected:
  RowCount runStatement(std::string_view, std::span<const SqlValue>, const SqlRowCallback&,
                        std::int64_t*) override {
    throw std::logic_error("no database");
  }
  void publishJson(const std::string&, Poco::JSON::Object::Ptr) override {}

 private:
  EventContext context_;
  std::vector<std::function<void()>> commitHooks_;
};

}  // namespace duka::testing
