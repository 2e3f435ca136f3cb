// duka/events.hpp: named events with a JSON payload, carried by the host between plugins,
// and the two phases a subscriber can run in.
#pragma once

#include <Poco/JSON/Object.h>

#include <functional>
#include <optional>
#include <string>

#include "duka/principal.hpp"

namespace duka {

class Request;
class Transaction;

// EventContext is who caused an event and in which request.
struct EventContext {
  std::optional<Principal> actor;
  std::string requestId;

  // of takes the principal and request id of a request.
  static EventContext of(const Request& request);
  // system is the context of work no request asked for (e.g. a background dispatcher).
  static EventContext system(std::string label);
};

// Event is one published fact: a dotted name ("order.approved"), its payload (the entity
// as the API shows it, plus event-specific fields), the context and an RFC 3339 time.
struct Event {
  std::string name;
  Poco::JSON::Object::Ptr payload;
  EventContext context;
  std::string at;
};

// InTransactionHandler runs synchronously inside the publisher's transaction and may write
// through it; throwing vetoes: the whole transaction rolls back and the error propagates.
using InTransactionHandler = std::function<void(const Event&, Transaction&)>;
// AfterCommitHandler runs on the host's event thread after the transaction committed. It
// must not be used for anything that may not be lost: a crash can drop it.
using AfterCommitHandler = std::function<void(const Event&)>;

// EventBus is where a plugin subscribes. A pattern is a name ("order.created"), a prefix
// ("order.*") or "*". Subscribers of one phase run in the order they subscribed.
class EventBus {
 public:
  virtual ~EventBus();
  virtual void subscribe(const std::string& pattern, InTransactionHandler handler) = 0;
  virtual void subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler) = 0;
};

// matchesEventPattern tells whether an event name matches a subscription pattern.
bool matchesEventPattern(const std::string& pattern, const std::string& name);

}  // namespace duka
