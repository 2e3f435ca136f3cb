// OrderState: the order's state machine:
//   pending -> approved -> fulfilled, and pending | approved -> cancelled.
// A customer may cancel its own order only while it is pending; staff may cancel a
// pending or an approved one.
#pragma once

#include <duka/plugins/orders/order.hpp>
#include <optional>
#include <string>

namespace duka::orders {

// Transition is one action on an order: its target status and, but for a cancel (which
// publishes order.cancelled with the reason), its event.
struct Transition {
  std::string action;                       // approve, fulfil, cancel
  std::string target;                       // the status it leads to
  const EventType<Order>* event = nullptr;  // order.approved, order.fulfilled
};

// transitionFor returns the transition of an action name, or nothing for an unknown one.
std::optional<Transition> transitionFor(const std::string& action);

// canMove tells whether an order in status `from` may take transition t, by staff or not.
bool canMove(const std::string& from, const Transition& t, bool staff);

// isOpen tells whether an order in that status still holds stock (pending or approved).
bool isOpen(const std::string& status);

// isStatus tells whether text names a status.
bool isStatus(const std::string& text);

}  // namespace duka::orders
