// SubjectLinks: which customer profile each login owns, for Principal::links.
#pragma once

#include <chrono>
#include <duka/facility/identity.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "customer_repository.hpp"

namespace duka::customers {

// SubjectLinks links every authenticated principal to the customer its login owns
// (Principal::links["customer"], read through customerIdOf). A found link is remembered for
// kLinkTtl; a miss is always asked again, so a profile created on any instance counts at
// once. A deletion here forgets the link at once; one on another instance sharing the
// database shows within kLinkTtl (until then the stale id only finds "no such customer").
// One lookup per login per second costs nothing measurable, on either backend.
class SubjectLinks : public PrincipalLinker {
 public:
  static constexpr std::chrono::seconds kLinkTtl{1};
  static constexpr std::size_t kMaxRemembered = 100000;

  explicit SubjectLinks(CustomerRepository& customers) : customers_(customers) {}

  void link(Principal& principal) const override;

  // forget drops the links to a deleted customer.
  void forget(std::int64_t customerId);

 private:
  std::optional<std::int64_t> customerOf(const std::string& subject) const;

  CustomerRepository& customers_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string,
                             std::pair<std::int64_t, std::chrono::steady_clock::time_point>>
      links_;
};

}  // namespace duka::customers
