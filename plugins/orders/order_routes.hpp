// OrderRoutes: /api/orders/ (create, list), /api/orders/{id}/ (get), the actions
// approve / fulfil / cancel (PUT or POST), and /api/orders/{id}/history/.
#pragma once

#include <duka/plugins/audit/audit_trail.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "order_placement.hpp"
#include "order_repository.hpp"
#include "order_state.hpp"

namespace duka::orders {

class OrderRoutes {
 public:
  OrderRoutes(Database& db, OrderRepository& orders, OrderPlacement& placement,
              std::shared_ptr<audit::AuditTrail> trail)
      : db_(db), orders_(orders), placement_(placement), trail_(std::move(trail)) {}

  void addTo(Router& router);

 private:
  // create validates and stores the order (Idempotency-Key: the host's, the route declares it).
  Response create(Request& request);
  Response list(Request& request);
  Response get(Request& request);
  Response act(Request& request, const Transition& transition);
  Response history(Request& request);

  // visible returns the order when the caller may see it (staff, or the customer whose
  // order it is); anything else is a 404.
  Order visible(const Request& request, std::int64_t id);

  Database& db_;
  OrderRepository& orders_;
  OrderPlacement& placement_;
  std::shared_ptr<audit::AuditTrail> trail_;
};

}  // namespace duka::orders
