#include "order_routes.hpp"

#include <map>
#include <set>

namespace duka::orders {

namespace {

constexpr std::size_t kMaxLines = 100;
constexpr std::int64_t kMaxQuantity = 10000;

// NewOrder is the body of POST /api/orders/.
using NewOrderLine = OrderRequestLine;

struct NewOrder {
  std::vector<NewOrderLine> items;
  std::string note;
  std::optional<std::int64_t> customerId;
};

const Shape<NewOrderLine>& newOrderLineShape() {
  static const Shape<NewOrderLine> shape =
      Shape<NewOrderLine>("NewOrderLine", "An item to order, each inventory_id once")
          .field("inventory_id", &NewOrderLine::inventoryId, {.required = true, .min = 1})
          .field("quantity", &NewOrderLine::quantity,
                 {.required = true, .min = 1, .max = kMaxQuantity});
  return shape;
}

const Shape<NewOrder>& newOrderShape() {
  static const Shape<NewOrder> shape =
      Shape<NewOrder>("NewOrder", "An order to place; its stock is reserved at once")
          .field("items", &NewOrder::items, newOrderLineShape(),
                 {.required = true, .minItems = 1, .maxItems = kMaxLines})
          .field("note", &NewOrder::note, {.minLength = 0, .maxLength = 1000})
          .field("customer_id", &NewOrder::customerId,
                 {.description = "Staff: the customer ordering; others: their own profile's, if "
                                 "given",
                  .min = 1});
  return shape;
}

struct OrderQuery {
  std::string status;
  std::optional<std::int64_t> customerId;
  std::string paymentStatus;
  std::string ordering;
};

const Shape<OrderQuery>& orderQueryShape() {
  static const Shape<OrderQuery> shape =
      Shape<OrderQuery>("OrderQuery")
          .field("status", &OrderQuery::status,
                 {.description = "Only orders in this status",
                  .choices = {kPending, kApproved, kFulfilled, kCancelled}})
          .field("customer_id", &OrderQuery::customerId,
                 {.description = "Staff: only this customer's orders", .min = 1})
          .field("payment_status", &OrderQuery::paymentStatus,
                 {.description = "Only orders with this payment status",
                  .choices = {kUnpaid, kPartiallyPaid, kPaid}})
          .field("ordering", &OrderQuery::ordering,
                 {.description = "id (default): oldest first; -id: newest first",
                  .choices = {"id", "-id"}});
  return shape;
}

// readLines reads the body's order, each inventory_id once.
NewOrder readOrder(JsonBody& body) {
  NewOrder order;
  newOrderShape().read(body, order, Input::Create);
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < order.items.size(); ++i) {
    if (order.items[i].inventoryId > 0 && !seen.insert(order.items[i].inventoryId).second)
      body.ruleError("items[" + std::to_string(i) + "].inventory_id",
                     "appears twice; give each item once");
  }
  return order;
}

}  // namespace

void OrderRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/orders/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Place an order; its stock is reserved (Idempotency-Key honoured)",
              .request = &newOrderShape(),
              .response = &orderShape(),
              .problems = {{409,
                            "Not enough stock (nothing is reserved), or the "
                            "Idempotency-Key's first request still runs"},
                           {422,
                            "A rule is broken, or the Idempotency-Key came with another "
                            "body"}},
              .successStatus = 201,
              .idempotent = true,
              .scope = "orders:write"});
  router.add({.method = "GET",
              .path = "/api/orders/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Orders (own; staff: all)",
              .response = &orderShape(),
              .list = true,
              .query = &orderQueryShape(),
              .scope = "orders:read"});
  router.add({.method = "GET",
              .path = "/api/orders/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One order",
              .response = &orderShape(),
              .scope = "orders:read"});
  router.add({.method = "GET",
              .path = "/api/orders/{id}/history/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return history(r); },
              .summary = "The audit entries of an order",
              .response = &audit::auditEntryShape(),
              .list = true,
              .scope = "orders:read"});
  for (const char* action : {"approve", "fulfil", "cancel"}) {
    const Transition transition = *transitionFor(action);
    const Access access = transition.target == kCancelled ? Access::Authenticated : Access::Staff;
    for (const char* method : {"PUT", "POST"}) {
      router.add({.method = method,
                  .path = "/api/orders/{id}/" + transition.action + "/",
                  .access = access,
                  .handler = [this, transition](Request& r) { return act(r, transition); },
                  .summary = "Move the order to " + transition.target,
                  .body = BodyKind::Any,
                  .response = &orderShape(),
                  .problems = {{409, "The order's status does not allow it"}},
                  .scope = "orders:write"});
    }
  }
}

Order OrderRoutes::visible(const Request& request, std::int64_t id) {
  auto order = orders_.find(id);
  const Principal& caller = request.caller();
  if (!order || (!caller.isStaff() && customers::customerIdOf(caller) != order->customerId))
    throw notFound("No order with that id.");
  return *order;
}

Response OrderRoutes::create(Request& request) {
  JsonBody body(request);
  const NewOrder input = readOrder(body);
  const auto& customerId = input.customerId;
  const Principal& caller = request.caller();
  const auto callerCustomer = customers::customerIdOf(caller);
  if (customerId && !caller.isStaff() && callerCustomer != customerId)
    body.ruleError("customer_id", "only staff may order for another customer");
  if (!customerId && !callerCustomer) {
    body.ruleError(caller.isStaff() ? "customer_id" : "customer",
                   caller.isStaff() ? "is required (staff order for a customer)"
                                    : "create your customer profile first (POST /api/customers/)");
  }
  body.finish();

  const std::int64_t customer = customerId ? *customerId : *callerCustomer;
  const Order order = db_.transact(EventContext::of(request), [&](Transaction& tx) {
    return placement_.place(tx, customer, input.items, input.note);
  });
  // The answer is written after the commit, off SQLite's one writer thread.
  return orderShape().answer(201, order);
}

Response OrderRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const OrderQuery query = orderQueryShape().query(request);
  const Principal& caller = request.caller();
  OrderFilter filter{.customerId = query.customerId,
                     .status = query.status,
                     .paymentStatus = query.paymentStatus,
                     .newestFirst = query.ordering == "-id"};
  if (!caller.isStaff())
    filter.customerId = customers::customerIdOf(caller).value_or(-1);  // no profile: no orders
  return page.answer(request, orderShape(), orders_.list(filter, page));
}

Response OrderRoutes::get(Request& request) {
  return orderShape().answer(200, visible(request, request.idParam("id")));
}

Response OrderRoutes::act(Request& request, const Transition& transition) {
  const std::int64_t id = request.idParam("id");
  const Principal& caller = request.caller();
  const Order order = db_.transact(EventContext::of(request), [&](Transaction& tx) {
    return placement_.move(tx, id, transition, caller.isStaff(), customers::customerIdOf(caller));
  });
  return orderShape().answer(200, order);
}

Response OrderRoutes::history(Request& request) {
  const Page page = Page::of(request);
  const Order order = visible(request, request.idParam("id"));
  return page.answer(request, audit::auditEntryShape(),
                     trail_->entries("order", std::to_string(order.id), page));
}

}  // namespace duka::orders
