// duka/events.hpp: named events with a JSON payload, carried by the host between plugins, and
// the two phases a subscriber runs in. A publisher's public header names its events and
// declares each payload's shape (duka/shape.hpp); subscribers read shape.view(payload).
#pragma once

#include <Poco/JSON/Object.h>

#include <functional>

#include "duka/principal.hpp"

namespace duka {

class Request;
class Transaction;

// EventContext is who caused an event and in which request.
struct EventContext {
  std::optional<Principal> actor;
  std::string requestId;
  static EventContext of(const Request& request);
  static EventContext system(std::string label);  // work no request asked for
};

// Event is one published fact: a dotted name ("order.approved"), its payload, the context
// and an RFC 3339 time.
struct Event {
  std::string name;
  Poco::JSON::Object::Ptr payload;
  EventContext context;
  std::string at;
};

// InTransactionHandler runs inside the publisher's transaction and may write through it; a
// throw vetoes: the transaction rolls back and the error reaches the publisher.
using InTransactionHandler = std::function<void(const Event&, Transaction&)>;
// AfterCommitHandler runs on the host's event thread after the commit; a crash can lose it.
using AfterCommitHandler = std::function<void(const Event&)>;

// EventBus takes subscriptions to a name ("order.created"), a prefix ("order.*") or "*".
// Subscribers of one phase run in the order they subscribed.
class EventBus {
 public:
  virtual ~EventBus();
  virtual void subscribe(const std::string& pattern, InTransactionHandler handler) = 0;
  virtual void subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler) = 0;
};

}  // namespace duka
