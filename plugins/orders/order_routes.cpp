#include "order_routes.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <map>
#include <set>

namespace duka::orders {

namespace {

constexpr std::size_t kMaxLines = 100;
constexpr std::int64_t kMaxQuantity = 10000;
constexpr std::size_t kMaxKeyLength = 255;

constexpr const char* kOrderSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"customer_id":{"type":"integer"},)"
    R"("status":{"type":"string","enum":["pending","approved","fulfilled","cancelled"]},)"
    R"("items":{"type":"array","items":{"type":"object","properties":{)"
    R"("inventory_id":{"type":"integer"},"name":{"type":"string"},"quantity":{"type":"integer"},)"
    R"("unit_price":{"type":"string"},"line_total":{"type":"string"}}}},)"
    R"("total":{"type":"string"},"currency":{"type":"string"},"note":{"type":"string"},)"
    R"("created_at":{"type":"string"},"updated_at":{"type":"string"}}})";
constexpr const char* kOrderInput =
    R"({"type":"object","required":["items"],"properties":{"items":{"type":"array",)"
    R"("minItems":1,"maxItems":100,"items":{"type":"object","required":["inventory_id",)"
    R"("quantity"],"properties":{"inventory_id":{"type":"integer","minimum":1},)"
    R"("quantity":{"type":"integer","minimum":1,"maximum":10000}}}},)"
    R"("note":{"type":"string"},"customer_id":{"type":"integer"}}})";

std::string sha256(const std::string& text) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(text);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

struct RequestedLine {
  std::int64_t inventoryId;
  std::int64_t quantity;
};

// readLines reads "items": 1..100 objects of inventory_id and quantity, each id once.
std::vector<RequestedLine> readLines(JsonBody& body) {
  std::vector<RequestedLine> lines;
  const Poco::JSON::Array::Ptr items = body.array("items", true, 1, kMaxLines);
  if (!items)
    return lines;
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string at = "items[" + std::to_string(i) + "]";
    if (!items->isObject(static_cast<unsigned>(i))) {
      body.typeError(at, "must be an object");
      continue;
    }
    JsonBody line(items->getObject(static_cast<unsigned>(i)));
    const auto id = line.integer("inventory_id", true, 1, INT64_MAX);
    const auto quantity = line.integer("quantity", true, 1, kMaxQuantity);
    try {
      line.finish();
    } catch (const HttpError& e) {
      for (const auto& [field, messages] : e.errors()) {
        for (const auto& message : messages) {
          if (e.status() == 400)
            body.typeError(at + "." + field, message);
          else
            body.ruleError(at + "." + field, message);
        }
      }
      continue;
    }
    if (!seen.insert(*id).second) {
      body.ruleError(at + ".inventory_id", "appears twice; give each item once");
      continue;
    }
    lines.push_back({*id, *quantity});
  }
  return lines;
}

}  // namespace

void OrderRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/orders/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Place an order; its stock is reserved (Idempotency-Key honoured)",
              .requestSchema = kOrderInput,
              .responseSchema = kOrderSchema,
              .successStatus = 201});
  router.add({.method = "GET",
              .path = "/api/orders/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Orders (own; staff: all, ?status=, ?customer_id=)",
              .responseSchema = listSchema(kOrderSchema)});
  router.add({.method = "GET",
              .path = "/api/orders/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One order",
              .responseSchema = kOrderSchema});
  router.add({.method = "GET",
              .path = "/api/orders/{id}/history/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return history(r); },
              .summary = "The audit entries of an order",
              .responseSchema = listSchema(audit::kAuditRowSchema)});
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
                  .responseSchema = kOrderSchema});
    }
  }
}

Order OrderRoutes::visible(const Request& request, std::int64_t id) {
  auto order = orders_.find(id);
  const Principal& caller = request.caller();
  if (!order || (!caller.isStaff() && caller.customerId != order->customerId))
    throw notFound("No order with that id.");
  return *order;
}

Response OrderRoutes::create(Request& request) {
  const auto key = request.header("Idempotency-Key");
  if (!key)
    return place(request, nullptr);
  if (key->empty() || key->size() > kMaxKeyLength) {
    throw unprocessable("The Idempotency-Key header must be 1 to 255 characters.",
                        {{"Idempotency-Key", {"must be 1 to 255 characters"}}});
  }
  const std::string subject = request.caller().subject;
  const Poco::JSON::Object::Ptr json = request.json();
  const Claim claim = idempotency_.claim(subject, *key, sha256(json ? toJson(json) : ""));
  switch (claim.kind) {
    case Claim::Replay: {
      Response replay;
      replay.status = claim.status;
      replay.body = claim.body;
      if (claim.status >= 400)
        replay.contentType = "application/problem+json; charset=utf-8";
      return replay.withHeader("Idempotent-Replayed", "true");
    }
    case Claim::Mismatch:
      throw unprocessable("This Idempotency-Key was used with another body.",
                          {{"Idempotency-Key", {"was used with another body"}}});
    case Claim::InFlight:
      throw conflict("A request with this Idempotency-Key is still running; retry later.");
    case Claim::Proceed:
      break;
  }
  try {
    return place(request, &*key);
  } catch (const HttpError& e) {
    if (e.status() < 500)
      idempotency_.finishAlone(subject, *key, e.status(),
                               problemResponse(e, request.requestId()).body);
    else
      idempotency_.abandon(subject, *key);
    throw;
  } catch (...) {
    idempotency_.abandon(subject, *key);
    throw;
  }
}

Response OrderRoutes::place(Request& request, const std::string* idempotencyKey) {
  JsonBody body(request);
  const std::vector<RequestedLine> lines = readLines(body);
  const auto note = body.string("note", false, 0, 1000);
  const auto customerId = body.integer("customer_id", false, 1, INT64_MAX);
  const Principal& caller = request.caller();
  if (customerId && !caller.isStaff() && caller.customerId != customerId)
    body.ruleError("customer_id", "only staff may order for another customer");
  if (!customerId && !caller.customerId) {
    body.ruleError(caller.isStaff() ? "customer_id" : "customer",
                   caller.isStaff() ? "is required (staff order for a customer)"
                                    : "create your customer profile first (POST /api/customers/)");
  }
  body.finish();

  Order order;
  order.customerId = customerId ? *customerId : *caller.customerId;
  order.status = kPending;
  order.currency = currency_;
  order.note = note.value_or("");
  std::string answer;
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    if (!customers_->find(tx, order.customerId))
      throw unprocessable("No customer with that id.", {{"customer_id", {"does not exist"}}});
    std::vector<std::int64_t> ids;
    for (const auto& line : lines)
      ids.push_back(line.inventoryId);
    const auto catalog = catalog_->items(tx, ids);
    FieldErrors missing;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto item = catalog.find(lines[i].inventoryId);
      if (item == catalog.end()) {
        missing["items[" + std::to_string(i) + "].inventory_id"].push_back("does not exist");
        continue;
      }
      OrderLine line{item->first, item->second.name, lines[i].quantity, item->second.priceMinor};
      if (__builtin_add_overflow(total, line.lineTotalMinor(), &total) || total > kMaxMoneyMinor)
        throw unprocessable("The order's total is too large.", {{"items", {"total too large"}}});
      order.lines.push_back(line);
    }
    if (!missing.empty())
      throw unprocessable("Some items do not exist.", std::move(missing));
    order.totalMinor = total;
    orders_.insert(tx, order);
    // Inventory reserves the stock in this transaction, or vetoes it with a 409.
    const Poco::JSON::Object::Ptr created = order.toJson();
    tx.publish("order.created", created);
    // The stored answer of an Idempotency-Key commits with the order; otherwise the answer
    // is written after the commit, off SQLite's one writer thread, straight from the order.
    if (idempotencyKey) {
      answer = order.toJsonText();
      idempotency_.finish(tx, caller.subject, *idempotencyKey, 201, answer);
    }
  });
  Response response;
  response.status = 201;
  response.body = idempotencyKey ? std::move(answer) : order.toJsonText();
  return response;
}

Response OrderRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const Principal& caller = request.caller();
  OrderFilter filter;
  filter.status = request.query("status").value_or("");
  if (!filter.status.empty() && !isStatus(filter.status))
    throw badRequest("Unknown status filter.",
                     {{"status", {"must be pending, approved, fulfilled or cancelled"}}});
  if (caller.isStaff()) {
    if (const auto text = request.query("customer_id")) {
      try {
        filter.customerId = std::stoll(*text);
      } catch (const std::exception&) {
        throw badRequest("customer_id must be an integer.", {{"customer_id", {"not an integer"}}});
      }
    }
  } else {
    filter.customerId = caller.customerId.value_or(-1);  // no profile: no orders
  }
  std::int64_t count = 0;
  Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
  for (const auto& order : orders_.list(filter, page.limit, page.offset, count))
    results->add(order.toJson());
  return Response::json(200, page.envelope(request, count, results));
}

Response OrderRoutes::get(Request& request) {
  return Response::json(200, visible(request, request.idParam("id")).toJson());
}

Response OrderRoutes::act(Request& request, const Transition& transition) {
  const std::int64_t id = request.idParam("id");
  const Principal& caller = request.caller();
  const Order order = db_.transact(EventContext::of(request), [&](Transaction& tx) {
    auto current = orders_.findForUpdate(tx, id);
    if (!current || (!caller.isStaff() && caller.customerId != current->customerId))
      throw notFound("No order with that id.");
    const std::string from = current->status;
    if (!canMove(from, transition, caller.isStaff())) {
      throw conflict("The order is " + from + "; it cannot be " + transition.target + " now.",
                     {{"status", {from}}});
    }
    if (!orders_.move(tx, *current, from, transition.target))
      throw conflict("The order changed meanwhile; read it again.");
    Poco::JSON::Object::Ptr payload = current->toJson();
    if (transition.target == kCancelled)
      payload->set("previous_status", from);
    // Inventory takes, releases or returns the stock in this transaction.
    tx.publish(transition.event, payload);
    return *current;
  });
  return Response::json(200, order.toJson());
}

Response OrderRoutes::history(Request& request) {
  const Order order = visible(request, request.idParam("id"));
  const Poco::JSON::Array::Ptr entries = trail_->entries("order", std::to_string(order.id));
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("count", entries->size());
  body->set("next", Poco::Dynamic::Var());
  body->set("previous", Poco::Dynamic::Var());
  body->set("results", entries);
  return Response::json(200, body);
}

}  // namespace duka::orders
