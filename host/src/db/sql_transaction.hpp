// SqlTransaction: one open write transaction and the events published in it.
#pragma once

#include <Poco/Data/Session.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "duka/database.hpp"
#include "duka/transaction_memo.hpp"
#include "events/event_dispatcher.hpp"

namespace duka::host {

class SqlTransaction : public Transaction, public TransactionMemo {
 public:
  SqlTransaction(Poco::Data::Session& session, Backend backend, EventContext context,
                 EventDispatcher& events);

  Poco::Data::Session& session() override { return session_; }
  Backend backend() const override { return backend_; }
  const EventContext& context() const override { return context_; }
  void publish(const std::string& name, Poco::JSON::Object::Ptr payload) override;

  // begin starts a write transaction: BEGIN IMMEDIATE on SQLite takes the write lock at
  // once, so two writers never deadlock upgrading read locks.
  void begin();
  void commit();
  // rollback never throws: it runs while another exception propagates.
  void rollback() noexcept;
  void onCommit(std::function<void()> fn) override { committed_.push_back(std::move(fn)); }

  // The memo: a handful of entries per transaction, so a list.
  std::shared_ptr<void>& entry(std::string_view key) override;

  std::vector<Event> takeEvents() { return std::move(published_); }
  std::vector<std::function<void()>> takeCommitHooks() { return std::move(committed_); }

 private:
  Poco::Data::Session& session_;
  Backend backend_;
  EventContext context_;
  EventDispatcher& events_;
  std::vector<Event> published_;
  std::vector<std::function<void()>> committed_;
  std::vector<std::pair<std::string, std::shared_ptr<void>>> memo_;
};

}  // namespace duka::host
