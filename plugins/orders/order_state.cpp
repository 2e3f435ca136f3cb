#include "order_state.hpp"

namespace duka::orders {

std::optional<Transition> transitionFor(const std::string& action) {
  if (action == "approve")
    return Transition{action, kApproved, &kOrderApproved};
  if (action == "fulfil")
    return Transition{action, kFulfilled, &kOrderFulfilled};
  if (action == "cancel")
    return Transition{action, kCancelled};
  return std::nullopt;
}

bool canMove(const std::string& from, const Transition& t, bool staff) {
  if (t.target == kApproved)
    return staff && from == kPending;
  if (t.target == kFulfilled)
    return staff && from == kApproved;
  if (t.target == kCancelled)
    return from == kPending || (staff && from == kApproved);
  return false;
}

bool isOpen(const std::string& status) {
  return status == kPending || status == kApproved;
}

bool isStatus(const std::string& text) {
  return text == kPending || text == kApproved || text == kFulfilled || text == kCancelled;
}

}  // namespace duka::orders
