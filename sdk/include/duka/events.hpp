// duka/events.hpp: named events with a typed payload, and the two phases a subscriber runs
// in. A publisher's public header declares each event once, as an EventType.
//   inline constexpr EventType<Order> kOrderCreated{"order.created", orderShape};
//   tx.publish(kOrderCreated, order);
//   events.subscribe(kOrderCreated, [](const Order& order, Transaction& tx) { ... });
#pragma once

#include <Poco/JSON/Object.h>

#include <functional>
#include <type_traits>

#include "duka/principal.hpp"
#include "duka/shape.hpp"

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

// EventType is one event a plugin publishes: its dotted name and its payload's shape, which
// writes the payload's JSON and reads it back for typed subscribers.
template <class Payload>
class EventType {
 public:
  constexpr EventType(const char* name, const Shape<Payload>& (*shape)())
      : name_(name), shape_(shape) {}
  const char* name() const { return name_; }
  const Shape<Payload>& shape() const { return shape_(); }

 private:
  const char* name_;
  const Shape<Payload>& (*shape_)();
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
// TypedHandler is either, with the payload read into its type first.
template <class P, class Then>
using TypedHandler = std::type_identity_t<std::function<void(const P&, Then)>>;

// EventBus takes subscriptions to one event type, or to a pattern: a prefix ("order.*") or
// "*" for a subscriber that takes every event of a family as JSON (the audit log).
// Subscribers of one phase run in the order they subscribed.
class EventBus {
 public:
  virtual ~EventBus();
  template <class P>
  void subscribe(EventType<P> type, TypedHandler<P, Transaction&> handler) {
    subscribe(type.name(), [type, handler](const Event& e, Transaction& tx) {
      handler(type.shape().view(e.payload), tx);
    });
  }
  template <class P>
  void subscribeAfterCommit(EventType<P> type, TypedHandler<P, const Event&> handler) {
    subscribeAfterCommit(
        type.name(), [type, handler](const Event& e) { handler(type.shape().view(e.payload), e); });
  }
  virtual void subscribe(const std::string& pattern, InTransactionHandler handler) = 0;
  virtual void subscribeAfterCommit(const std::string& pattern, AfterCommitHandler handler) = 0;
};

}  // namespace duka
