#include "subject_links.hpp"

#include <duka/plugins/customers/customer_directory.hpp>

namespace duka::customers {

void SubjectLinks::link(Principal& principal) const {
  if (principal.links.contains(kCustomerLink))
    return;  // the authenticator's own link is kept
  if (const auto id = customerOf(principal.subject))
    principal.links.emplace(kCustomerLink, *id);
}

void SubjectLinks::forget(std::int64_t customerId) {
  std::lock_guard lock(mutex_);
  for (auto it = links_.begin(); it != links_.end();) {
    if (it->second.first == customerId)
      it = links_.erase(it);
    else
      ++it;
  }
}

std::optional<std::int64_t> SubjectLinks::customerOf(const std::string& subject) const {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    const auto it = links_.find(subject);
    if (it != links_.end() && now - it->second.second < kLinkTtl)
      return it->second.first;
  }
  const auto id = customers_.idOfSubject(subject);
  if (id) {
    std::lock_guard lock(mutex_);
    if (links_.size() >= kMaxRemembered)
      links_.clear();  // crude, but bounded; refilled from the database as needed
    links_[subject] = {*id, now};
  }
  return id;
}

}  // namespace duka::customers
